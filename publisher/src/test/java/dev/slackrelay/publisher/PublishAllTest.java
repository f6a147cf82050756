package dev.slackrelay.publisher;

import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.queue.SqsLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishAllTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private RecordingSqsClient client;
    private SlackRelayPublisher publisher;

    @BeforeEach
    void newQueue() {
        queueUrl = SQS.createFifoQueue();
        client = new RecordingSqsClient(SQS.client());
        publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(client).build();
    }

    @Test
    void sendsTwentyFiveMessagesOverThreeChannelsInBatchesKeepingEachChannelsOrder() {
        String[] channels = {"C0AAAAAAA", "C0BBBBBBB", "#alerts"};
        List<SlackMessage> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // uneven interleaving: runs of the same channel, and one channel with most of the messages
            String channel = channels[i % 5 < 3 ? 0 : i % 5 - 2];
            messages.add(SlackMessage.builder(channel).body("message " + i).build());
        }

        List<PublishResult> results = publisher.publishAll(messages);

        assertThat(results).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(results.get(i)).isInstanceOf(PublishResult.Sent.class);
            assertThat(results.get(i).index()).isEqualTo(i);
        }
        assertThat(results).extracting(r -> ((PublishResult.Sent) r).receipt().messageId()).doesNotHaveDuplicates();
        assertThat(client.batches()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(client.sends()).isEmpty();
        for (SendMessageBatchRequest call : client.batches()) {
            assertThat(call.entries()).hasSizeBetween(1, 10);
        }
        assertThat(client.batches()).flatMap(SendMessageBatchRequest::entries).hasSize(25);

        Map<String, List<String>> queuedByChannel = byChannel(SQS.drain(queueUrl));
        Map<String, List<String>> expectedByChannel = new LinkedHashMap<>();
        for (SlackMessage m : messages) {
            expectedByChannel.computeIfAbsent(m.channel(), c -> new ArrayList<>()).add(m.body());
        }
        assertThat(queuedByChannel).containsExactlyInAnyOrderEntriesOf(expectedByChannel);
    }

    @Test
    void fillsEachCallWithUpToTenChannels() {
        List<SlackMessage> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            messages.add(SlackMessage.builder("C" + i).body("hello " + i).build());
        }

        assertThat(publisher.publishAll(messages)).allMatch(PublishResult::isSent);

        assertThat(client.batches()).extracting(b -> b.entries().size()).containsExactly(10, 10, 5);
        assertThat(SQS.drain(queueUrl)).hasSize(25);
    }

    @Test
    void reportsInvalidMessagesAsRejectedAndSendsTheOthers() {
        List<SlackMessage> messages = List.of(
                SlackMessage.builder("C1").body("first").build(),
                SlackMessage.builder("C1").build(),
                SlackMessage.builder("C1").body("second").build(),
                SlackMessage.builder("not a channel").body("x").build(),
                SlackMessage.builder("C2").body("third").mention("U12345").build());

        List<PublishResult> results = publisher.publishAll(messages);

        assertThat(results).extracting(PublishResult::isSent).containsExactly(true, false, true, false, true);
        assertThat(results.get(1)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.error().field()).isEqualTo("(body)"));
        assertThat(results.get(3)).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.error().field()).isEqualTo("channel"));
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body())
                .containsExactlyInAnyOrder("first", "second", "third");
    }

    @Test
    void splitsCallsSoNoneCarriesMoreThanOneMebibyte() {
        List<SlackMessage> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(SlackMessage.builder("C" + i).body(Integer.toString(i).repeat(300_000)).build());
        }

        List<PublishResult> results = publisher.publishAll(messages);

        assertThat(results).allMatch(PublishResult::isSent);
        assertThat(client.batches()).hasSizeGreaterThanOrEqualTo(3);
        for (SendMessageBatchRequest call : client.batches()) {
            long bytes = call.entries().stream().mapToLong(PublishAllTest::size).sum();
            assertThat(bytes).isLessThanOrEqualTo(SqsLimits.MAX_MESSAGE_BYTES);
        }
        assertThat(SQS.drain(queueUrl)).hasSize(8);
    }

    @Test
    void queuesMessagesGivenTheSameIdempotencyKeyOnce() {
        List<SlackMessage> messages = List.of(
                SlackMessage.builder("C1").body("a").build(),
                SlackMessage.builder("C2").body("a again").build(),
                SlackMessage.builder("C1").body("b").build());
        List<PublishOptions> options = List.of(PublishOptions.withIdempotencyKey("job-7"),
                PublishOptions.withIdempotencyKey("job-7"), PublishOptions.NONE);

        List<PublishResult> results = publisher.publishAll(messages, options);

        assertThat(results).allMatch(PublishResult::isSent);
        assertThat(((PublishResult.Sent) results.get(0)).receipt().deduplicationId()).isEqualTo("job-7");
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void reportsEveryResultToTheListenerExactlyOnce() {
        List<SlackMessage> messages = List.of(
                SlackMessage.builder("C1").body("a").build(),
                SlackMessage.builder("").body("b").build(),
                SlackMessage.builder("C1").body("c").build());
        List<PublishResult> heard = new ArrayList<>();

        List<PublishResult> results = publisher.publishAll(messages, null, heard::add);

        assertThat(heard).containsExactlyInAnyOrderElementsOf(results);
    }

    @Test
    void makesNoCallForAnEmptyListOrOneWithOnlyInvalidMessages() {
        assertThat(publisher.publishAll(List.of())).isEmpty();
        assertThat(publisher.publishAll(List.of(SlackMessage.builder("C1").build()))).singleElement()
                .isInstanceOf(PublishResult.Rejected.class);

        assertThat(client.calls()).isZero();
    }

    @Test
    void refusesOptionsThatDoNotMatchTheMessagesOneToOne() {
        assertThatThrownBy(() -> publisher.publishAll(List.of(SlackMessage.builder("C1").body("a").build()),
                List.of(PublishOptions.NONE, PublishOptions.NONE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one element per message");
    }

    private static Map<String, List<String>> byChannel(List<Message> queued) {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (Message m : queued) {
            String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            assertThat(WireFormat.decode(m.body()).channel()).isEqualTo(group);
            byChannel.computeIfAbsent(group, c -> new ArrayList<>()).add(WireFormat.decode(m.body()).body());
        }
        return byChannel;
    }

    private static long size(SendMessageBatchRequestEntry entry) {
        long bytes = entry.messageBody().getBytes(StandardCharsets.UTF_8).length;
        for (var a : entry.messageAttributes().entrySet()) {
            bytes += a.getKey().length() + a.getValue().dataType().length() + a.getValue().stringValue().length();
        }
        return bytes;
    }
}
