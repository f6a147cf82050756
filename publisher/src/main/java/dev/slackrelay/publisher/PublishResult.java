package dev.slackrelay.publisher;

import dev.slackrelay.model.InvalidMessageException;
import java.util.Objects;

/**
 * The outcome of one message of {@link SlackRelayPublisher#publishAll(java.util.List)}: exactly one of
 * {@link Sent}, {@link Failed} or {@link Rejected}. Immutable and thread-safe.
 */
public sealed interface PublishResult permits PublishResult.Sent, PublishResult.Failed, PublishResult.Rejected {

    /** The position of the message in the list given to {@code publishAll}. */
    int index();

    /** Whether the message is on the queue. */
    default boolean isSent() {
        return this instanceof Sent;
    }

    /**
     * The message is on the queue.
     *
     * @param index   position in the input list
     * @param receipt what SQS answered
     */
    record Sent(int index, PublishReceipt receipt) implements PublishResult {
        public Sent {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /**
     * The message was sent but SQS did not take it, or one of its files could not be uploaded to the files bucket
     * (it was not sent), or it was held back so that it would not overtake an earlier message to the same channel
     * that was not queued.
     *
     * @param index     position in the input list
     * @param code      SQS's error code, {@value #FILE_UPLOAD_FAILED} when a file could not be uploaded (the message
     *                  was not sent), or {@value #PRECEDING_MESSAGE_FAILED} when held back
     * @param reason    what went wrong, in words
     * @param retryable whether publishing the message again may succeed; resend the failed messages of a channel
     *                  in their original order to keep the channel's order
     * @param deduplicationId the {@code MessageDeduplicationId} the message was (or would have been) sent with;
     *                  resending with it as the idempotency key within five minutes cannot queue it twice, even if
     *                  SQS took it after all (a lost answer)
     */
    record Failed(int index, String code, String reason, boolean retryable, String deduplicationId)
            implements PublishResult {

        /** The code of a message not sent because an earlier message to its channel failed. */
        public static final String PRECEDING_MESSAGE_FAILED = "PrecedingMessageFailed";
        /** The code of a message not sent because one of its files could not be uploaded to the files bucket. */
        public static final String FILE_UPLOAD_FAILED = "FileUploadFailed";

        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(deduplicationId, "deduplicationId");
        }
    }

    /**
     * The message was never sent: it is invalid (or an option given with it is, or it is too large for SQS).
     * Publishing it again fails the same way.
     *
     * @param index position in the input list
     * @param error names each offending field and the reason
     */
    record Rejected(int index, InvalidMessageException error) implements PublishResult {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }
}
