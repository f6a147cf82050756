package dev.slackrelay.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/** Urgent messages travel on their own queue, with the channel as group; normal ones as before. */
class UrgentRoutingTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private String urgentQueueUrl;
    private RecordingSqsClient client;

    @BeforeEach
    void newQueues() {
        queueUrl = SQS.createFifoQueue();
        urgentQueueUrl = SQS.createFifoQueue();
        client = new RecordingSqsClient(SQS.client());
    }

    private SlackRelayPublisher publisher() {
        return SlackRelayPublisher.builder().queueUrl(queueUrl).urgentQueueUrl(urgentQueueUrl).sqsClient(client)
                .build();
    }

    private static SlackMessage message(String channel, String body, Priority priority) {
        return SlackMessage.builder(channel).body(body).priority(priority).build();
    }

    @Test
    void sendsAnUrgentMessageToTheUrgentQueueWithTheChannelAsGroup() {
        try (SlackRelayPublisher publisher = publisher()) {
            publisher.publish(message("C0123456789", "disk full", Priority.URGENT));
        }

        assertThat(SQS.drain(queueUrl)).isEmpty();
        List<Message> urgent = SQS.drain(urgentQueueUrl);
        assertThat(urgent).singleElement().satisfies(m -> {
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "C0123456789");
            assertThat(WireFormat.decode(m.body()).priority()).isEqualTo(Priority.URGENT);
            assertThat(m.body()).contains("\"priority\":\"urgent\"");
        });
    }

    @Test
    void sendsANormalMessageToTheMainQueueAsBefore() {
        try (SlackRelayPublisher publisher = publisher()) {
            publisher.publish(message("C1", "nightly export done", Priority.NORMAL));
        }

        assertThat(SQS.drain(urgentQueueUrl)).isEmpty();
        assertThat(SQS.drain(queueUrl)).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("{\"channel\":\"C1\",\"body\":\"nightly export done\"}"));
    }

    @Test
    void reportsAnUrgentMessageWithoutAnUrgentQueueAsAViolationWithoutSending() {
        try (SlackRelayPublisher withoutUrgent = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(client)
                .build(); SlackRelayPublisher withUrgent = publisher()) {
            assertThat(withoutUrgent.violations(message("C1", "disk full", Priority.URGENT), null))
                    .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("priority"));
            assertThat(withUrgent.violations(message("C1", "disk full", Priority.URGENT), null)).isEmpty();
            assertThat(withoutUrgent.violations(message("C1", "", Priority.NORMAL),
                    PublishOptions.withIdempotencyKey("has space"))).extracting(v -> v.field())
                    .containsExactly("(body)", "idempotencyKey");
        }
        assertThat(SQS.drain(queueUrl)).isEmpty();
        assertThat(SQS.drain(urgentQueueUrl)).isEmpty();
    }

    @Test
    void refusesAnUrgentMessageWithoutAnUrgentQueueNamingTheVariableAndSendsNothing() {
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(client)
                .build()) {
            assertThatThrownBy(() -> publisher.publish(message("C1", "disk full", Priority.URGENT)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SQS_URGENT_QUEUE_URL");
            assertThatThrownBy(() -> publisher.publishAll(List.of(message("C1", "a", Priority.NORMAL),
                    message("C1", "b", Priority.URGENT), message("C2", "c", Priority.NORMAL))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SQS_URGENT_QUEUE_URL");
        }

        assertThat(client.calls()).isZero();
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void splitsABatchPerQueueKeepingEachChannelsOrderWithinEachQueue() {
        List<SlackMessage> messages = List.of(
                message("C1", "n1", Priority.NORMAL),
                message("C1", "u1", Priority.URGENT),
                message("C2", "n2", Priority.NORMAL),
                message("C1", "n3", Priority.NORMAL),
                message("C1", "u2", Priority.URGENT),
                message("C2", "u3", Priority.URGENT));

        List<PublishResult> results;
        try (SlackRelayPublisher publisher = publisher()) {
            results = publisher.publishAll(messages);
        }

        assertThat(results).hasSize(6).allSatisfy(r -> assertThat(r).isInstanceOf(PublishResult.Sent.class));
        assertThat(results).extracting(PublishResult::index).containsExactly(0, 1, 2, 3, 4, 5);
        for (SendMessageBatchRequest call : client.batches()) {
            List<Priority> priorities = call.entries().stream()
                    .map(e -> WireFormat.decode(e.messageBody()).priority()).distinct().toList();
            assertThat(priorities).singleElement()
                    .isEqualTo(call.queueUrl().equals(urgentQueueUrl) ? Priority.URGENT : Priority.NORMAL);
        }
        assertThat(bodiesOf(SQS.drain(queueUrl), "C1")).containsExactly("n1", "n3");
        List<Message> urgent = SQS.drain(urgentQueueUrl);
        assertThat(bodiesOf(urgent, "C1")).containsExactly("u1", "u2");
        assertThat(bodiesOf(urgent, "C2")).containsExactly("u3");
    }

    private static List<String> bodiesOf(List<Message> queued, String channel) {
        return queued.stream()
                .filter(m -> channel.equals(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)))
                .map(m -> WireFormat.decode(m.body()).body()).toList();
    }
}
