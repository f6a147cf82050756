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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's writes to SQS: postponing or releasing a message on the queue it came from, and dead-lettering it.
 * Thread-safe.
 *
 * <p>A message names its queue by ARN ({@link InboundMessage#queueArn()}, the record's {@code eventSourceARN}), but
 * SQS calls take a URL. A configured queue (main or urgent) whose URL ends in the ARN's queue name is taken as is;
 * any other queue is looked up once with {@code GetQueueUrl} and remembered.
 */
public final class QueueOperations {

    private static final Logger LOG = LoggerFactory.getLogger(QueueOperations.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<String> configuredUrls;
    private final String deadLetterQueueUrl;
    private final Map<String, String> urlsByArn = new ConcurrentHashMap<>();

    /**
     * @param queueUrl           the main queue, also for messages that name no queue
     * @param urgentQueueUrl     the urgent queue, or {@code null}
     * @param deadLetterQueueUrl where dead letters go, whichever queue they came from
     */
    public QueueOperations(SqsClient sqs, String queueUrl, String urgentQueueUrl, String deadLetterQueueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.configuredUrls = Stream.of(queueUrl, urgentQueueUrl).filter(Objects::nonNull).toList();
        this.deadLetterQueueUrl = Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
    }

    /** Hides the in-flight message for {@code delay} (whole seconds, at most 12 h), so SQS redelivers it then. */
    public void retryAfter(InboundMessage message, Duration delay) {
        String url = queueUrl(message);
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(message.receiptHandle())
                .visibilityTimeout(SqsLimits.visibilitySeconds(delay)));
    }

    /**
     * The URL of the queue {@code message} came from: the configured queue of its ARN's name, else the one
     * {@code GetQueueUrl} names (asked once per ARN); the main queue when the message names none or an ARN that is
     * not an SQS queue's.
     *
     * @throws SdkException if {@code GetQueueUrl} fails; the next call asks again
     */
    public String queueUrl(InboundMessage message) {
        String arn = message.queueArn();
        if (arn == null) {
            return queueUrl;
        }
        String known = urlsByArn.get(arn);
        if (known != null) {
            return known;
        }
        // arn:partition:sqs:region:account:name
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs") || parts[5].isEmpty()) {
            return queueUrl;
        }
        String name = parts[5];
        String url = configuredUrls.stream().filter(u -> u.endsWith("/" + name)).findFirst()
                .orElseGet(() -> sqs.getQueueUrl(r -> {
                    r.queueName(name);
                    if (!parts[4].isEmpty()) {
                        r.queueOwnerAWSAccountId(parts[4]);
                    }
                }).queueUrl());
        urlsByArn.put(arn, url);
        return url;
    }

    /**
     * Makes messages that were received but not attempted visible again at once (in batches of up to 10 per queue
     * they came from), so they are not held back for a whole visibility timeout; the FIFO queue still hands a group's
     * messages out in order. A message whose release fails reappears after its visibility timeout.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if a call fails as a whole
     */
    public void release(List<InboundMessage> messages) {
        Map<String, List<InboundMessage>> byQueue = new LinkedHashMap<>();
        for (InboundMessage message : messages) {
            byQueue.computeIfAbsent(queueUrl(message), url -> new ArrayList<>()).add(message);
        }
        byQueue.forEach(this::release);
    }

    private void release(String url, List<InboundMessage> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<InboundMessage> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            var response = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                LOG.warn("{} message(s) could not be released; they reappear after their visibility timeout: {}",
                        response.failed().size(), response.failed().get(0).message());
            }
        }
    }

    /**
     * Puts what is left of a message (its {@code body}) on the queue it came from, in its message group, behind
     * what is queued there, keeping its {@code producer} and {@code traceparent} attributes. Deduplicated on the
     * original message ID, so a retried send after a crash does not queue it twice.
     *
     * @throws SdkException if the send fails
     */
    public void forward(InboundMessage message, String body) {
        String url = queueUrl(message);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        for (String name : List.of(MessageAttributes.PRODUCER, MessageAttributes.TRACEPARENT)) {
            String value = message.messageAttributes().get(name);
            if (value != null) {
                attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
            }
        }
        sqs.sendMessage(r -> {
            r.queueUrl(url).messageBody(body).messageAttributes(attributes);
            if (url.endsWith(".fifo")) {
                r.messageGroupId(message.groupId() != null ? message.groupId() : "unknown")
                        .messageDeduplicationId(message.messageId() + "/rest");
            }
        });
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
