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
 */
public record InboundMessage(String messageId, String receiptHandle, String body, String groupId, int receiveCount,
                             Instant sentTimestamp, Map<String, String> messageAttributes) {

    public InboundMessage {
        messageAttributes = messageAttributes == null ? Map.of() : Map.copyOf(messageAttributes);
        receiveCount = Math.max(1, receiveCount);
    }
}
