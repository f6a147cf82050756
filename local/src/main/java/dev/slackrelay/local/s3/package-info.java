/**
 * Embedded S3 for the local pipeline: an in-memory, path-style S3 on loopback
 * ({@link dev.slackrelay.local.s3.EmbeddedS3}) holding the files that messages name by S3 reference.
 */
package dev.slackrelay.local.s3;
