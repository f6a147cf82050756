package dev.slackrelay.relay.internal.sqs;

import dev.slackrelay.queue.DeadLetterAttributes;
import dev.slackrelay.queue.MessageAttributes;
import dev.slackrelay.queue.SqsLimits;
import dev.slackrelay.relay.InboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's two writes to SQS: postponing a message and dead-lettering it. Thread-safe. */
public final class QueueOperations {

    private static final Logger LOG = LoggerFactory.getLogger(QueueOperations.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public QueueOperations(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.deadLetterQueueUrl = Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
    }

    /** Hides the in-flight message for {@code delay} (whole seconds, at most 12 h), so SQS redelivers it then. */
    public void retryAfter(InboundMessage message, Duration delay) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout(SqsLimits.visibilitySeconds(delay)));
    }

    /**
     * Makes messages that were received but not attempted visible again at once (in batches of up to 10), so they
     * are not held back for a whole visibility timeout; the FIFO queue still hands a group's messages out in order.
     * A message whose release fails reappears after its visibility timeout.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if a call fails as a whole
     */
    public void release(List<InboundMessage> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<InboundMessage> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            var response = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                LOG.warn("{} message(s) could not be released; they reappear after their visibility timeout: {}",
                        response.failed().size(), response.failed().get(0).message());
            }
        }
    }

    /**
     * Sends a copy of the message to the dead-letter queue with why it could not be delivered. The copy keeps the
     * body, the message group and the {@code producer} and {@code traceparent} attributes; it is deduplicated on the
     * original message ID, so a retried send after a crash does not make a second dead letter.
     *
     * @param reason     why, in words (never a secret)
     * @param slackError Slack's error code, or {@code null}
     */
    public void deadLetter(InboundMessage message, String reason, String slackError) {
        DeadLetterAttributes why = new DeadLetterAttributes(reason, slackError, message.receiveCount(),
                message.messageId(), message.messageAttributes().get(MessageAttributes.PRODUCER),
                message.messageAttributes().get(MessageAttributes.TRACEPARENT));
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        why.toAttributes().forEach((name, value) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(DeadLetterAttributes.isNumber(name) ? "Number" : "String").stringValue(value).build()));
        boolean fifo = deadLetterQueueUrl.endsWith(".fifo");
        String group = message.groupId() != null ? message.groupId() : "unknown";
        sqs.sendMessage(r -> {
            r.queueUrl(deadLetterQueueUrl).messageBody(message.body()).messageAttributes(attributes);
            if (fifo) {
                r.messageGroupId(group).messageDeduplicationId(message.messageId());
            }
        });
    }
}
