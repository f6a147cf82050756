package dev.slackrelay.local.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The one reader of the relay's FIFO dead-letter queue. A FIFO queue hands out no more of a message group while one
 * of its messages is in flight, so every dead letter is deleted as soon as it is read; this reader keeps them all.
 * Thread-safe.
 */
public final class DeadLetterQueue {

    /** The relay's attributes on a dead letter; read here and nowhere else. */
    private static final String REASON = "reason";
    private static final String SLACK_ERROR = "slackError";
    private static final String RECEIVE_COUNT = "receiveCount";
    private static final String SOURCE_MESSAGE_ID = "sourceMessageId";
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
        String source = attribute(message, SOURCE_MESSAGE_ID);
        String receiveCount = attribute(message, RECEIVE_COUNT);
        // a message moved by the redrive policy (not by the relay) keeps its own ID and has no reason
        return new DeadLetter(source != null ? source : message.messageId(),
                message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "?"),
                attribute(message, REASON), attribute(message, SLACK_ERROR),
                receiveCount == null ? 0 : Integer.parseInt(receiveCount), message);
    }

    private static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }
}
