package dev.slackrelay.publisher;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.queue.SqsLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackRelayPublisherTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private RecordingSqsClient client;

    @BeforeEach
    void newQueue() {
        queueUrl = SQS.createFifoQueue();
        client = new RecordingSqsClient(SQS.client());
    }

    private SlackRelayPublisher publisher() {
        return SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(client).build();
    }

    @Test
    void queuesTheWireFormatWithTheChannelAsGroupAndTheKeyAsDeduplicationId() {
        SlackMessage message = SlackMessage.builder("C0123456789").title("Deploy finished").body("42 tasks")
                .mention("U02ABCDEF").build();

        PublishReceipt receipt;
        try (SlackRelayPublisher publisher = publisher()) {
            receipt = publisher.publish(message, "deploy-1234");
        }

        List<Message> queued = SQS.drain(queueUrl);
        assertThat(queued).hasSize(1);
        Message m = queued.get(0);
        assertThat(m.body()).isEqualTo(WireFormat.encode(message));
        assertThat(WireFormat.decode(m.body())).isEqualTo(message);
        assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "C0123456789")
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "deploy-1234");
        assertThat(receipt.messageId()).isEqualTo(m.messageId());
        assertThat(receipt.deduplicationId()).isEqualTo("deploy-1234");
        assertThat(receipt.sequenceNumber()).isNotBlank()
                .isEqualTo(m.attributes().get(MessageSystemAttributeName.SEQUENCE_NUMBER));
    }

    @Test
    void givesEachMessageWithoutAKeyItsOwnRandomDeduplicationId() {
        SlackMessage message = SlackMessage.builder("C1").body("same text twice").build();

        PublishReceipt first;
        PublishReceipt second;
        try (SlackRelayPublisher publisher = publisher()) {
            first = publisher.publish(message);
            second = publisher.publish(message);
        }

        assertThat(UUID.fromString(first.deduplicationId())).isNotEqualTo(UUID.fromString(second.deduplicationId()));
        assertThat(SQS.drain(queueUrl)).extracting(m -> m.attributes()
                        .get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .containsExactly(first.deduplicationId(), second.deduplicationId());
    }

    @Test
    void queuesAMessagePublishedTwiceWithTheSameIdempotencyKeyOnce() {
        try (SlackRelayPublisher publisher = publisher()) {
            publisher.publish(SlackMessage.builder("C1").body("export done").build(), "export-2024-06-01");
            publisher.publish(SlackMessage.builder("C1").body("export done").build(), "export-2024-06-01");
            publisher.publish(SlackMessage.builder("C1").body("another").build(), "export-2024-06-02");
        }

        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body())
                .containsExactly("export done", "another");
    }

    @Test
    void sendsProducerAndTraceparentAsMessageAttributes() {
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).producer("nightly-export")
                .sqsClient(client).build()) {
            publisher.publish(SlackMessage.builder("C1").body("x").build(),
                    PublishOptions.builder().traceparent(TRACEPARENT).build());
        }

        Message m = SQS.drain(queueUrl).get(0);
        assertThat(m.messageAttributes().get("producer").stringValue()).isEqualTo("nightly-export");
        assertThat(m.messageAttributes().get("traceparent").stringValue()).isEqualTo(TRACEPARENT);
    }

    @Test
    void rejectsAnInvalidMessageNamingTheFieldsWithoutCallingSqs() {
        SlackMessage invalid = SlackMessage.builder("C1").body("x").mention("everyone").iconEmoji("rocket").build();

        try (SlackRelayPublisher publisher = publisher()) {
            assertThatThrownBy(() -> publisher.publish(invalid))
                    .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                            .extracting(v -> v.field()).containsExactly("icon_emoji", "mentions[0]"));
        }

        assertThat(client.calls()).isZero();
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void rejectsAnIdempotencyKeySqsWouldNotAcceptNamingTheField() {
        try (SlackRelayPublisher publisher = publisher()) {
            SlackMessage ok = SlackMessage.builder("C1").body("x").build();
            for (String key : List.of("has space", "", "k".repeat(129), "naïve")) {
                assertThatThrownBy(() -> publisher.publish(ok, key))
                        .isInstanceOfSatisfying(InvalidMessageException.class,
                                e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
            }
            assertThatThrownBy(() -> publisher.publish(ok, PublishOptions.builder().traceparent("abc").build()))
                    .isInstanceOfSatisfying(InvalidMessageException.class,
                            e -> assertThat(e.field()).isEqualTo("traceparent"));
        }

        assertThat(client.calls()).isZero();
    }

    @Test
    void rejectsAMessageLargerThanSqsAcceptsNamingTheBodyAndItsSize() {
        // 600,000 two-byte characters: 1.2 MB in UTF-8 although only 600,000 chars
        SlackMessage huge = SlackMessage.builder("C1").title("log").body("é".repeat(600_000)).build();
        int bytes = WireFormat.encode(huge).getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isGreaterThan(SqsLimits.MAX_MESSAGE_BYTES);

        try (SlackRelayPublisher publisher = publisher()) {
            assertThatThrownBy(() -> publisher.publish(huge))
                    .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                        assertThat(e.field()).isEqualTo("(body)");
                        assertThat(e.getMessage()).contains(bytes + " bytes").contains("1048576");
                    });
        }

        assertThat(client.calls()).isZero();
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void queuesAMessageJustUnderTheSizeLimit() {
        String filler = "x".repeat(SqsLimits.MAX_MESSAGE_BYTES - 40);
        SlackMessage large = SlackMessage.builder("C1").body(filler).build();
        assertThat(WireFormat.encode(large).length()).isLessThanOrEqualTo(SqsLimits.MAX_MESSAGE_BYTES);

        try (SlackRelayPublisher publisher = publisher()) {
            publisher.publish(large);
        }

        assertThat(SQS.drain(queueUrl)).singleElement()
                .satisfies(m -> assertThat(WireFormat.decode(m.body()).body()).isEqualTo(filler));
    }

    @Test
    void leavesACallerSuppliedClientOpenAndRefusesWorkAfterClose() {
        SlackRelayPublisher publisher = publisher();
        publisher.close();
        publisher.close();

        assertThatThrownBy(() -> publisher.publish(SlackMessage.builder("C1").body("x").build()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(SQS.client().getQueueUrl(r -> r.queueName(queueUrl.substring(queueUrl.lastIndexOf('/') + 1)))
                .queueUrl()).endsWith(".fifo");
    }
}
