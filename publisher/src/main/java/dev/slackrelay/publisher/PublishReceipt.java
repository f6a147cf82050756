package dev.slackrelay.publisher;

/**
 * What SQS answered for a queued message. Immutable and thread-safe.
 *
 * @param messageId       the SQS message ID
 * @param sequenceNumber  the FIFO sequence number SQS assigned
 * @param deduplicationId the {@code MessageDeduplicationId} sent: the caller's idempotency key or a generated UUID
 */
public record PublishReceipt(String messageId, String sequenceNumber, String deduplicationId) {
}
