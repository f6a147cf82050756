package dev.slackrelay.publisher;

/**
 * Per-message options of a publish call. Immutable and thread-safe. Validated when the message is published, so a
 * bad value is reported as an {@link dev.slackrelay.model.InvalidMessageException} naming the field.
 *
 * @param idempotencyKey the SQS {@code MessageDeduplicationId}: publishing the same key again within SQS's
 *                       five-minute deduplication window queues nothing new. 1–128 printable ASCII characters
 *                       without spaces, or {@code null} for a fresh random ID per message
 * @param traceparent    W3C trace context sent as the {@code traceparent} message attribute, or {@code null}
 */
public record PublishOptions(String idempotencyKey, String traceparent) {

    /** No idempotency key, no trace context. */
    public static final PublishOptions NONE = new PublishOptions(null, null);

    public static Builder builder() {
        return new Builder();
    }

    /** Options with only an idempotency key. */
    public static PublishOptions withIdempotencyKey(String idempotencyKey) {
        return new PublishOptions(idempotencyKey, null);
    }

    public Builder toBuilder() {
        return new Builder().idempotencyKey(idempotencyKey).traceparent(traceparent);
    }

    /** Builds {@link PublishOptions}. Not thread-safe. */
    public static final class Builder {
        private String idempotencyKey;
        private String traceparent;

        private Builder() {
        }

        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        public Builder traceparent(String traceparent) {
            this.traceparent = traceparent;
            return this;
        }

        public PublishOptions build() {
            return new PublishOptions(idempotencyKey, traceparent);
        }
    }
}
