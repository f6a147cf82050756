package dev.slackrelay.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a message is on the dead-letter queue, as the relay writes it into the dead letter's message attributes: the
 * one writer ({@link #toAttributes()}) and the one reader ({@link #fromAttributes(Map)}) of those names. Immutable.
 *
 * @param reason          why, in words (for example {@code slack_error: Slack answered channel_not_found}); never a
 *                        secret; cut to {@link #MAX_REASON_LENGTH} characters
 * @param slackError      Slack's error code, or {@code null}
 * @param receiveCount    the delivery attempt that gave up
 * @param sourceMessageId the SQS message ID of the message this is a copy of
 * @param producer        the original {@code producer} attribute, or {@code null}
 * @param traceparent     the original {@code traceparent} attribute, or {@code null}
 */
public record DeadLetterAttributes(String reason, String slackError, int receiveCount, String sourceMessageId,
                                   String producer, String traceparent) {

    public static final String REASON = "reason";
    public static final String SLACK_ERROR = "slackError";
    public static final String RECEIVE_COUNT = "receiveCount";
    public static final String SOURCE_MESSAGE_ID = "sourceMessageId";

    /** Longest reason kept. */
    public static final int MAX_REASON_LENGTH = 1000;

    public DeadLetterAttributes {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sourceMessageId, "sourceMessageId");
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "…";
        }
    }

    /**
     * The attributes to send, by name, as text; {@link #isNumber(String)} tells which are SQS {@code Number}s. SQS
     * refuses empty attribute values, so an empty value is written as {@code -}.
     */
    public Map<String, String> toAttributes() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(REASON, nonEmpty(reason));
        if (slackError != null) {
            out.put(SLACK_ERROR, nonEmpty(slackError));
        }
        out.put(RECEIVE_COUNT, Integer.toString(receiveCount));
        out.put(SOURCE_MESSAGE_ID, nonEmpty(sourceMessageId));
        if (producer != null) {
            out.put(MessageAttributes.PRODUCER, nonEmpty(producer));
        }
        if (traceparent != null) {
            out.put(MessageAttributes.TRACEPARENT, nonEmpty(traceparent));
        }
        return out;
    }

    /** Whether the attribute of this name is an SQS {@code Number} (the others are {@code String}s). */
    public static boolean isNumber(String name) {
        return RECEIVE_COUNT.equals(name);
    }

    /**
     * Reads what the relay wrote on a dead letter.
     *
     * @param messageId  the dead letter's own message ID, taken as the source when it has no {@code sourceMessageId}
     * @param attributes its string message attributes by name
     * @return what the relay wrote; empty when the message carries no {@code reason}: then the queue's redrive
     *     policy moved it there (after {@code maxReceiveCount}), not the relay
     */
    public static Optional<DeadLetterAttributes> fromAttributes(String messageId, Map<String, String> attributes) {
        String reason = attributes.get(REASON);
        if (reason == null) {
            return Optional.empty();
        }
        int receiveCount;
        try {
            receiveCount = Integer.parseInt(attributes.getOrDefault(RECEIVE_COUNT, "0"));
        } catch (NumberFormatException e) {
            receiveCount = 0;
        }
        return Optional.of(new DeadLetterAttributes(reason, attributes.get(SLACK_ERROR), receiveCount,
                attributes.getOrDefault(SOURCE_MESSAGE_ID, messageId), attributes.get(MessageAttributes.PRODUCER),
                attributes.get(MessageAttributes.TRACEPARENT)));
    }

    private static String nonEmpty(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
