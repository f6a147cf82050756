package dev.slackrelay.publisher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.PublisherConfig;
import dev.slackrelay.publisher.RecordingSqsClient;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * ElasticMQ never fails part of a batch, so these tests put a thin proxy in front of it: entries the test picks are
 * answered with a fabricated {@link BatchResultErrorEntry} (and not forwarded); everything else reaches the real
 * queue. The queue then shows what a consumer would see.
 */
class BatchRetryTest {

    /** Interleaved channels: A1 B1 A2 C1 B2 A3 B3. */
    private static final List<SlackMessage> MESSAGES = List.of(
            message("A", 1), message("B", 1), message("A", 2), message("C", 1), message("B", 2), message("A", 3),
            message("B", 3));

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private RecordingSqsClient client;

    @BeforeEach
    void newQueue() {
        queueUrl = SQS.createFifoQueue();
        client = new RecordingSqsClient(SQS.client());
    }

    @Test
    void resendsOnlyTheEntrySqsFailedAndKeepsItsChannelInOrder() {
        Map<String, Integer> seen = new HashMap<>();
        client.onBatch(failing((body, attempt) -> body.equals("B1") && attempt == 1
                ? error("InternalError", false) : null, seen));

        List<PublishResult> results = publish(4);

        assertThat(results).allMatch(PublishResult::isSent);
        assertThat(callsCarrying("B1")).hasSize(2);
        for (String body : List.of("A1", "A2", "A3", "B2", "B3", "C1")) {
            assertThat(callsCarrying(body)).as("calls carrying %s", body).hasSize(1);
        }
        assertThat(callsCarrying("B2").get(0)).isGreaterThan(callsCarrying("B1").get(1));
        assertThat(queuedByChannel()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", List.of("A1", "A2", "A3"), "B", List.of("B1", "B2", "B3"), "C", List.of("C1")));
    }

    @Test
    void resendsAThrottledEntryEvenWhenSqsBlamesTheSender() {
        client.onBatch(failing((body, attempt) -> body.equals("A2") && attempt <= 2
                ? error("RequestThrottled", true) : null, new HashMap<>()));

        List<PublishResult> results = publish(4);

        assertThat(results).allMatch(PublishResult::isSent);
        assertThat(callsCarrying("A2")).hasSize(3);
        assertThat(queuedByChannel().get("A")).containsExactly("A1", "A2", "A3");
    }

    @Test
    void holdsBackTheRestOfAChannelBehindAMessageSqsRefused() {
        client.onBatch(failing((body, attempt) -> body.equals("B1")
                ? error("InvalidParameterValue", true) : null, new HashMap<>()));

        List<PublishResult> results = publish(4);

        assertThat(results.get(1)).isInstanceOfSatisfying(PublishResult.Failed.class, f -> {
            assertThat(f.code()).isEqualTo("InvalidParameterValue");
            assertThat(f.retryable()).isFalse();
        });
        for (int held : new int[] {4, 6}) {
            assertThat(results.get(held)).isInstanceOfSatisfying(PublishResult.Failed.class, f -> {
                assertThat(f.code()).isEqualTo(PublishResult.Failed.PRECEDING_MESSAGE_FAILED);
                assertThat(f.reason()).contains("message 1 to B");
                assertThat(f.retryable()).isTrue();
            });
        }
        assertThat(callsCarrying("B1")).hasSize(1);
        assertThat(callsCarrying("B2")).isEmpty();
        assertThat(callsCarrying("B3")).isEmpty();
        assertThat(queuedByChannel()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "A", List.of("A1", "A2", "A3"), "C", List.of("C1")));
    }

    @Test
    void givesUpOnARetryableFailureAfterTheConfiguredAttempts() {
        client.onBatch(failing((body, attempt) -> body.equals("B1")
                ? error("ServiceUnavailable", false) : null, new HashMap<>()));

        List<PublishResult> results = publish(3);

        assertThat(results.get(1)).isInstanceOfSatisfying(PublishResult.Failed.class, f -> {
            assertThat(f.code()).isEqualTo("ServiceUnavailable");
            assertThat(f.reason()).contains("3 attempts");
            assertThat(f.retryable()).isTrue();
        });
        assertThat(callsCarrying("B1")).hasSize(3);
        // every resend carried the same deduplication ID, and the result hands it back for a safe resend later
        assertThat(client.batches().stream().flatMap(b -> b.entries().stream()).filter(e -> body(e).equals("B1"))
                .map(SendMessageBatchRequestEntry::messageDeduplicationId).distinct().toList())
                .containsExactly(((PublishResult.Failed) results.get(1)).deduplicationId());
        assertThat(results.get(4)).isInstanceOf(PublishResult.Failed.class);
        assertThat(results.get(6)).isInstanceOf(PublishResult.Failed.class);
        assertThat(results.stream().filter(PublishResult::isSent)).hasSize(4);
    }

    @Test
    void resendsAnEntrySqsSaidNothingAboutWithTheSameDeduplicationId() {
        Map<String, Integer> seen = new HashMap<>();
        client.onBatch(request -> {
            SendMessageBatchResponse real = client.delegate().sendMessageBatch(request);
            boolean carriesC1 = request.entries().stream().anyMatch(e -> body(e).equals("C1"));
            if (!carriesC1 || seen.merge("C1", 1, Integer::sum) > 1) {
                return real;
            }
            // C1 reached the queue, but the answer about it got lost
            String c1 = request.entries().stream().filter(e -> body(e).equals("C1")).findFirst().orElseThrow().id();
            return real.toBuilder()
                    .successful(real.successful().stream().filter(s -> !s.id().equals(c1)).toList()).build();
        });

        List<PublishResult> results = publish(4);

        assertThat(results).allMatch(PublishResult::isSent);
        List<SendMessageBatchRequestEntry> c1Sends = client.batches().stream().flatMap(b -> b.entries().stream())
                .filter(e -> body(e).equals("C1")).toList();
        assertThat(c1Sends).hasSize(2);
        assertThat(c1Sends.get(1).messageDeduplicationId()).isEqualTo(c1Sends.get(0).messageDeduplicationId());
        assertThat(queuedByChannel().get("C")).containsExactly("C1");
    }

    @Test
    void failsEveryMessageWhenTheQueueDoesNotExist() {
        String missing = queueUrl.replace("t-", "missing-");
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(missing).sqsClient(client)
                .build()) {
            List<PublishResult> results = publisher.publishAll(MESSAGES);

            assertThat(results).hasSize(MESSAGES.size()).allSatisfy(r -> assertThat(r)
                    .isInstanceOfSatisfying(PublishResult.Failed.class, f -> {
                        assertThat(f.code()).isEqualTo("QueueDoesNotExist");
                        assertThat(f.retryable()).isFalse();
                    }));
        }
        assertThat(client.batches()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} senderFault={1} -> {2}")
    @CsvSource({
            "InternalError, false, true",
            "SomethingNew, false, true",
            "RequestThrottled, true, true",
            "AWS.SimpleQueueService.RequestThrottled, true, true",
            "KmsThrottled, true, true",
            "InvalidParameterValue, true, false",
            "InvalidMessageContents, true, false"})
    void classifiesBatchEntryErrors(String code, boolean senderFault, boolean retryable) {
        assertThat(BatchSender.isRetryable(error(code, senderFault).id("0").build())).isEqualTo(retryable);
    }

    private List<PublishResult> publish(int batchMaxAttempts) {
        PublisherConfig config = PublisherConfig.builder().queueUrl(queueUrl).batchMaxAttempts(batchMaxAttempts)
                .batchBackoffBase(Duration.ofMillis(1)).batchBackoffMax(Duration.ofMillis(5)).build();
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().config(config).sqsClient(client)
                .build()) {
            List<PublishResult> results = publisher.publishAll(MESSAGES);
            assertThat(results).hasSize(MESSAGES.size());
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).index()).isEqualTo(i);
            }
            return results;
        }
    }

    /**
     * A batch handler that fails the entries {@code decide} picks (given the body and how often that body was seen)
     * and forwards the rest to ElasticMQ.
     */
    private Function<SendMessageBatchRequest, SendMessageBatchResponse> failing(BiFunction<String, Integer, BatchResultErrorEntry.Builder> decide,
            Map<String, Integer> seen) {
        return request -> {
            List<SendMessageBatchRequestEntry> forward = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                int attempt = seen.merge(body(entry), 1, Integer::sum);
                BatchResultErrorEntry.Builder error = decide.apply(body(entry), attempt);
                if (error == null) {
                    forward.add(entry);
                } else {
                    failed.add(error.id(entry.id()).build());
                }
            }
            SendMessageBatchResponse real = forward.isEmpty()
                    ? SendMessageBatchResponse.builder().successful(List.of()).failed(List.of()).build()
                    : client.delegate().sendMessageBatch(request.toBuilder().entries(forward).build());
            List<BatchResultErrorEntry> allFailed = new ArrayList<>(real.failed());
            allFailed.addAll(failed);
            return real.toBuilder().failed(allFailed).build();
        };
    }

    private static BatchResultErrorEntry.Builder error(String code, boolean senderFault) {
        return BatchResultErrorEntry.builder().code(code).senderFault(senderFault).message("injected " + code);
    }

    /** Positions of the calls that carried the message with this body. */
    private List<Integer> callsCarrying(String body) {
        List<Integer> calls = new ArrayList<>();
        List<SendMessageBatchRequest> batches = client.batches();
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).entries().stream().anyMatch(e -> body(e).equals(body))) {
                calls.add(i);
            }
        }
        return calls;
    }

    private Map<String, List<String>> queuedByChannel() {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        SQS.drain(queueUrl).forEach(m -> byChannel.computeIfAbsent(
                m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), c -> new ArrayList<>())
                .add(WireFormat.decode(m.body()).body()));
        return byChannel;
    }

    private static String body(SendMessageBatchRequestEntry entry) {
        return WireFormat.decode(entry.messageBody()).body();
    }

    private static SlackMessage message(String channel, int n) {
        return SlackMessage.builder(channel).body(channel + n).build();
    }
}
