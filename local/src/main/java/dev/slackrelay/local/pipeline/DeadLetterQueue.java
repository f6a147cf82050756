package dev.slackrelay.local.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.slackrelay.queue.DeadLetterAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The one reader of the relay's FIFO dead-letter queue. A FIFO queue hands out no more of a message group while one
 * of its messages is in flight, so every dead letter is deleted as soon as it is read; this reader keeps them all.
 * Thread-safe.
 */
public final class DeadLetterQueue {

    private static final int MAX_BATCH = 10;
    private static final int VISIBILITY_SECONDS = 30;

    private final SqsClient sqs;
    private final String url;
    private final List<DeadLetter> drained = new ArrayList<>();

    DeadLetterQueue(SqsClient sqs, String url) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.url = Objects.requireNonNull(url, "url");
    }

    /**
     * Takes every message now on the dead-letter queue off it.
     *
     * @return the dead letters found by this call, in the order read
     */
    public synchronized List<DeadLetter> drain() {
        List<DeadLetter> found = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(MAX_BATCH)
                    .waitTimeSeconds(0).visibilityTimeout(VISIBILITY_SECONDS).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            if (batch.isEmpty()) {
                drained.addAll(found);
                return found;
            }
            for (Message message : batch) {
                found.add(read(message));
                // deleting unlocks the message group, so the next dead letter of the same channel comes out
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** Drains the queue, then returns every dead letter read so far by this reader, in the order read. */
    public synchronized List<DeadLetter> all() {
        drain();
        return List.copyOf(drained);
    }

    /** Every dead letter read so far, without reading the queue. */
    public synchronized List<DeadLetter> drained() {
        return List.copyOf(drained);
    }

    private static DeadLetter read(Message message) {
        Map<String, String> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        String group = message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "?");
        return DeadLetterAttributes.fromAttributes(message.messageId(), attributes)
                .map(relay -> new DeadLetter(relay.sourceMessageId(), group, relay.reason(), relay.slackError(),
                        relay.receiveCount(), message))
                // moved by the redrive policy, not by the relay: it keeps its own ID and has no reason
                .orElseGet(() -> new DeadLetter(message.messageId(), group, null, null, 0, message));
    }
}
