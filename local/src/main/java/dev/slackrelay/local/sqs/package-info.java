/**
 * Embedded SQS for the local pipeline: ElasticMQ on loopback ({@link dev.slackrelay.local.sqs.EmbeddedSqs}) with
 * the relay queue and dead-letter queue created from {@code template.yaml}
 * ({@link dev.slackrelay.local.sqs.QueueTemplate}, {@link dev.slackrelay.local.sqs.QueueSpec}).
 */
package dev.slackrelay.local.sqs;
