package dev.slackrelay.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS behaviour that {@link EventSourcePoller#stop(Duration)} relies on, checked against the SQS server the
 * local pipeline uses (ElasticMQ) with the real SDK: on a FIFO queue, a {@code ReceiveMessage} repeated with the
 * same {@code ReceiveRequestAttemptId} returns the messages the first call received, while they are still invisible
 * to everybody else, and {@code ChangeMessageVisibility 0} on the repeat's receipt handle frees them. Also the
 * behaviour that makes the poller wait out idle long polls on stop instead of aborting them: the server keeps an
 * abandoned long poll open until its wait ends and hands it a message sent meanwhile.
 */
class ReceiveRequestAttemptIdTest {

    private ElasticMqQueues sqs;

    @BeforeEach
    void startSqs() {
        sqs = ElasticMqQueues.start(Duration.ofMinutes(10), 5);
    }

    @AfterEach
    void stopSqs() {
        sqs.close();
    }

    private String send(String body) {
        return sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageGroupId("C1")
                .messageDeduplicationId(UUID.randomUUID().toString()).messageBody(body)).messageId();
    }

    private List<Message> receive(String attemptId, int waitSeconds) {
        return sqs.client().receiveMessage(r -> r.queueUrl(sqs.queueUrl()).waitTimeSeconds(waitSeconds)
                .receiveRequestAttemptId(attemptId)).messages();
    }

    @Test
    void aRepeatedAttemptIdReturnsTheMessagesTheFirstCallReceived() {
        String messageId = send("once");
        String attemptId = UUID.randomUUID().toString();

        List<Message> first = receive(attemptId, 1);
        List<Message> other = receive(UUID.randomUUID().toString(), 0);
        List<Message> repeat = receive(attemptId, 0);

        assertThat(first).extracting(Message::messageId).containsExactly(messageId);
        assertThat(other).as("invisible to another attempt").isEmpty();
        assertThat(repeat).extracting(Message::messageId).containsExactly(messageId);
        assertThat(repeat.getFirst().body()).isEqualTo("once");
    }

    @Test
    void aMessageFromTheRepeatIsVisibleAgainOnceReleased() {
        String messageId = send("release me");
        String attemptId = UUID.randomUUID().toString();
        receive(attemptId, 1);
        Message repeat = receive(attemptId, 0).getFirst();

        sqs.client().changeMessageVisibility(r -> r.queueUrl(sqs.queueUrl()).receiptHandle(repeat.receiptHandle())
                .visibilityTimeout(0));

        assertThat(receive(UUID.randomUUID().toString(), 0)).extracting(Message::messageId)
                .containsExactly(messageId);
    }

    @Test
    void aRepeatOfAnAttemptThatReceivedNothingReceivesAfresh() {
        String attemptId = UUID.randomUUID().toString();
        assertThat(receive(attemptId, 0)).isEmpty();
        String messageId = send("later");

        assertThat(receive(attemptId, 0)).extracting(Message::messageId).containsExactly(messageId);
    }

    @Test
    void anAbandonedLongPollStillTakesAMessageSentDuringItsWait() throws Exception {
        String attemptId = UUID.randomUUID().toString();
        AtomicReference<RuntimeException> aborted = new AtomicReference<>();
        Thread poll = Thread.ofVirtual().start(() -> {
            try {
                receive(attemptId, 5);
            } catch (RuntimeException e) {
                aborted.set(e);
            }
        });
        Thread.sleep(300); // let the long poll reach the server
        poll.interrupt(); // on a virtual thread this closes the connection
        poll.join();
        String messageId = send("sent while the abandoned poll still waits");

        assertThat(aborted.get()).as("the client gave up").isNotNull();
        assertThat(receive(UUID.randomUUID().toString(), 0)).as("taken by the abandoned poll").isEmpty();
        assertThat(receive(attemptId, 0)).as("recorded under its attempt id").extracting(Message::messageId)
                .containsExactly(messageId);
    }
}
