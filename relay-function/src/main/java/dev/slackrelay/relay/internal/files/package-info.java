/** The content of a message's files, read from the message itself or from S3, ready to upload. */
package dev.slackrelay.relay.internal.files;
