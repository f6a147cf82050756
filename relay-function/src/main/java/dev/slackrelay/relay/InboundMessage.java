package dev.slackrelay.relay;

import java.time.Instant;
import java.util.Map;

/**
 * One queue message as the relay sees it, whoever received it (Lambda's event source or the local poller).
 *
 * @param messageId         SQS message ID
 * @param receiptHandle     handle of this receipt, for changing its visibility
 * @param body              the message body (wire format, unless a foreign producer sent something else)
 * @param groupId           the FIFO {@code MessageGroupId}, or {@code null}
 * @param receiveCount      {@code ApproximateReceiveCount}: 1 on the first delivery
 * @param sentTimestamp     when SQS accepted the message, or {@code null} if unknown
 * @param messageAttributes string message attributes (for example {@code producer}, {@code traceparent})
 * @param queueArn          ARN of the queue the message came from (the record's {@code eventSourceARN}), where its
 *                          visibility is changed; {@code null} for the configured {@code SQS_QUEUE_URL}
 */
public record InboundMessage(String messageId, String receiptHandle, String body, String groupId, int receiveCount,
                             Instant sentTimestamp, Map<String, String> messageAttributes, String queueArn) {

    public InboundMessage {
        messageAttributes = messageAttributes == null ? Map.of() : Map.copyOf(messageAttributes);
        receiveCount = Math.max(1, receiveCount);
    }

    /** A message from the configured {@code SQS_QUEUE_URL} (no {@code queueArn}). */
    public InboundMessage(String messageId, String receiptHandle, String body, String groupId, int receiveCount,
                          Instant sentTimestamp, Map<String, String> messageAttributes) {
        this(messageId, receiptHandle, body, groupId, receiveCount, sentTimestamp, messageAttributes, null);
    }
}
