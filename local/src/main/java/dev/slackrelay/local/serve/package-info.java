/**
 * The local twin as a service: {@link dev.slackrelay.local.serve.LocalService} runs the local pipeline with HTTP
 * ingestion in front of it, hosted by {@link dev.slackrelay.local.serve.IngestHttpServer} (the JDK's HTTP server over
 * the ingest core), as {@link dev.slackrelay.local.serve.ServeOptions} say.
 */
package dev.slackrelay.local.serve;
