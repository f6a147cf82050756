package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.relay.internal.sqs.QueueOperations;
import dev.slackrelay.render.RenderedMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The relay's decisions, one outcome at a time. Slack is a scripted {@link SlackTransport} and SQS a recording
 * client: narrow unit tests. The same paths against ElasticMQ and the Slack emulator are in the system tests.
 */
class RelayTest {

    private static final String BODY = "{\"channel\":\"C1\",\"title\":\"t\",\"body\":\"b\"}";
    private static final Duration ZERO = Duration.ZERO;

    private final ScriptedTransport slack = new ScriptedTransport();
    private final RecordingSqs sqs = new RecordingSqs();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private RelayConfig config = RelayConfig.builder().queueUrl("http://q/relay.fifo")
            .deadLetterQueueUrl("http://q/dlq.fifo").slackBotToken("xoxb-test-secret")
            .channelInterval(Duration.ofMillis(300)).maxReceiveCount(5).build();

    private Relay relay() {
        return relay(RelayClock.system());
    }

    private Relay relay(RelayClock clock) {
        return Relay.builder().config(config).sqsClient(sqs).transport(slack)
                .deliveryLog(new PrintStream(logs, true, StandardCharsets.UTF_8)).clock(clock).build();
    }

    private static InboundMessage message(String body, int receiveCount) {
        return new InboundMessage("m-1", "rh-1", body, "C1", receiveCount, Instant.now().minusSeconds(3),
                Map.of("producer", "nightly-export"));
    }

    @Test
    void deliversAndHoldsTheChannelForTheIntervalAfterThePostLeft() {
        // Slack takes 200 ms to answer: that time overlaps the interval rather than adding to it
        slack.answerDeliveredAfter(Duration.ofMillis(200));

        long start = System.nanoTime();
        Disposition d = relay().handle(message(BODY, 1));

        assertThat(d).isEqualTo(Disposition.DELETE);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300).plus(Relay.SEND_MARGIN));
        assertThat(slack.posts).singleElement().satisfies(p -> assertThat(p.channel()).isEqualTo("C1"));
        assertThat(sqs.visibility).isEmpty();
        assertThat(sqs.sent).isEmpty();
        assertThat(logLine().get("outcome").textValue()).isEqualTo("delivered");
    }

    @Test
    void holdsOnlyWhatIsLeftOfTheIntervalSinceThePostLeft() {
        ManualClock clock = new ManualClock();
        slack.answers.add(() -> {
            clock.advance(Duration.ofMillis(20)); // connecting, writing the request
            long sent = clock.nanoTime();
            clock.advance(Duration.ofMillis(250)); // Slack processing it, the answer on its way back
            return new SlackOutcome.Delivered("1.1", Duration.ofMillis(270), sent);
        });

        assertThat(relay(clock).handle(message(BODY, 1))).isEqualTo(Disposition.DELETE);

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(300 - 250).plus(Relay.SEND_MARGIN));
    }

    @Test
    void doesNotHoldWhenTheIntervalPassedWhileSlackAnswered() {
        ManualClock clock = new ManualClock();
        slack.answers.add(() -> {
            long sent = clock.nanoTime();
            clock.advance(Duration.ofMillis(300).plus(Relay.SEND_MARGIN));
            return new SlackOutcome.Delivered("1.1", Duration.ofMillis(300), sent);
        });

        relay(clock).handle(message(BODY, 1));

        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void recordsTheQueueAgeAndTimestampFromTheRelaysClock() {
        ManualClock clock = new ManualClock();
        slack.answer(new SlackOutcome.Delivered("1.1", ZERO, clock.nanoTime() - Duration.ofSeconds(1).toNanos()));
        InboundMessage sent = new InboundMessage("m-1", "rh-1", BODY, "C1", 1,
                clock.instant().minusMillis(2_500), Map.of());

        relay(clock).handle(sent);

        DeliveryLog.Recorded recorded = DeliveryLog.parse(logs.toString(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(recorded.entry().queueAgeMs()).isEqualTo(2_500);
        assertThat(recorded.timestampMillis()).isEqualTo(clock.millis());
    }

    @Test
    void hidesARateLimitedMessageForRetryAfterAndReportsItForRetry() {
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(7), ZERO));

        Disposition d = relay().handle(message(BODY, 1));

        assertThat(d).isEqualTo(Disposition.RETRY);
        assertThat(sqs.visibility).singleElement().satisfies(r -> {
            assertThat(r.visibilityTimeout()).isEqualTo(7);
            assertThat(r.receiptHandle()).isEqualTo("rh-1");
            assertThat(r.queueUrl()).isEqualTo("http://q/relay.fifo");
        });
        assertThat(logLine().get("RateLimited").asInt()).isEqualTo(1);
    }

    private static InboundMessage fromQueue(String queueArn) {
        return new InboundMessage("m-1", "rh-1", BODY, "C1", 1, Instant.now(), Map.of(), queueArn);
    }

    @Test
    void changesVisibilityOnTheQueueTheMessageCameFromNotOnTheConfiguredOne() {
        config = config.toBuilder().urgentQueueUrl("http://q/relay-urgent.fifo").build();
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(7), ZERO));
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(7), ZERO));
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(7), ZERO));
        Relay relay = relay();

        relay.handle(fromQueue("arn:aws:sqs:eu-west-1:123456789012:relay-urgent.fifo"));
        relay.handle(fromQueue("arn:aws:sqs:eu-west-1:123456789012:relay.fifo"));
        relay.handle(fromQueue(null));

        assertThat(sqs.visibility).extracting(ChangeMessageVisibilityRequest::queueUrl)
                .containsExactly("http://q/relay-urgent.fifo", "http://q/relay.fifo", "http://q/relay.fifo");
        assertThat(sqs.lookups).isEmpty();
    }

    @Test
    void keepsAnUrgentMessageWhoseDeadLetterFailedOnTheUrgentQueue() {
        config = config.toBuilder().urgentQueueUrl("http://q/relay-urgent.fifo").build();
        sqs.failSends = true;
        slack.answer(new SlackOutcome.Permanent("is_archived", "Slack answered is_archived", ZERO));

        Disposition d = relay().handle(fromQueue("arn:aws:sqs:eu-west-1:123456789012:relay-urgent.fifo"));

        assertThat(d).isEqualTo(Disposition.RETRY);
        assertThat(sqs.visibility).singleElement()
                .satisfies(r -> assertThat(r.queueUrl()).isEqualTo("http://q/relay-urgent.fifo"));
    }

    @Test
    void looksUpAQueueItWasNotConfiguredWithOnceByNameAndOwner() {
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(2), ZERO));
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(2), ZERO));
        Relay relay = relay();

        relay.handle(fromQueue("arn:aws:sqs:eu-west-1:210987654321:elsewhere.fifo"));
        relay.handle(fromQueue("arn:aws:sqs:eu-west-1:210987654321:elsewhere.fifo"));

        assertThat(sqs.lookups).singleElement().satisfies(r -> {
            assertThat(r.queueName()).isEqualTo("elsewhere.fifo");
            assertThat(r.queueOwnerAWSAccountId()).isEqualTo("210987654321");
        });
        assertThat(sqs.visibility).extracting(ChangeMessageVisibilityRequest::queueUrl)
                .containsOnly("https://sqs.example/210987654321/elsewhere.fifo").hasSize(2);
    }

    @Test
    void releasesUnattemptedMessagesOnTheQueueEachCameFrom() {
        String urgentArn = "arn:aws:sqs:eu-west-1:123456789012:relay-urgent.fifo";
        String mainArn = "arn:aws:sqs:eu-west-1:123456789012:relay.fifo";
        QueueOperations queue = new QueueOperations(sqs, "http://q/relay.fifo", "http://q/relay-urgent.fifo",
                "http://q/dlq.fifo");

        queue.release(List.of(received("rh-1", urgentArn), received("rh-2", mainArn), received("rh-3", urgentArn),
                received("rh-4", null)));

        assertThat(sqs.released).containsExactly("rh-1", "rh-3", "rh-2", "rh-4");
        assertThat(sqs.releasedOn).containsExactly("http://q/relay-urgent.fifo", "http://q/relay-urgent.fifo",
                "http://q/relay.fifo", "http://q/relay.fifo");
    }

    private static InboundMessage received(String receiptHandle, String queueArn) {
        return new InboundMessage("m-" + receiptHandle, receiptHandle, BODY, "C1", 1, Instant.now(), Map.of(),
                queueArn);
    }

    @Test
    void backsOffAfterATransientFailureByReceiveCount() {
        slack.answer(new SlackOutcome.Transient("http_503", "HTTP 503", ZERO));
        slack.answer(new SlackOutcome.Transient("http_503", "HTTP 503", ZERO));

        assertThat(relay().handle(message(BODY, 1))).isEqualTo(Disposition.RETRY);
        assertThat(relay().handle(message(BODY, 4))).isEqualTo(Disposition.RETRY);

        assertThat(sqs.visibility.get(0).visibilityTimeout()).isBetween(1, 2);
        assertThat(sqs.visibility.get(1).visibilityTimeout()).isBetween(8, 16);
    }

    @Test
    void deadLettersAPermanentErrorWithItsReasonSoTheChannelMovesOn() {
        slack.answer(new SlackOutcome.Permanent("channel_not_found", "Slack answered channel_not_found", ZERO));

        Disposition d = relay().handle(message(BODY, 2));

        assertThat(d).isEqualTo(Disposition.DELETE);
        SendMessageRequest dead = sqs.sent.get(0);
        assertThat(dead.queueUrl()).isEqualTo("http://q/dlq.fifo");
        assertThat(dead.messageBody()).isEqualTo(BODY);
        assertThat(dead.messageGroupId()).isEqualTo("C1");
        assertThat(dead.messageDeduplicationId()).isEqualTo("m-1");
        assertThat(dead.messageAttributes().get("reason").stringValue()).contains("channel_not_found");
        assertThat(dead.messageAttributes().get("slackError").stringValue()).isEqualTo("channel_not_found");
        assertThat(dead.messageAttributes().get("receiveCount").stringValue()).isEqualTo("2");
        assertThat(dead.messageAttributes().get("sourceMessageId").stringValue()).isEqualTo("m-1");
        assertThat(dead.messageAttributes().get("producer").stringValue()).isEqualTo("nightly-export");
        assertThat(logLine().get("outcome").textValue()).isEqualTo("dead_lettered");
    }

    @Test
    void deadLettersPoisonWithoutCallingSlack() {
        Disposition d = relay().handle(message("{not json", 1));

        assertThat(d).isEqualTo(Disposition.DELETE);
        assertThat(slack.posts).isEmpty();
        assertThat(sqs.sent.get(0).messageAttributes().get("reason").stringValue())
                .startsWith("invalid_message: (body): not valid JSON");
    }

    @Test
    void deadLettersAnUnknownFormatVersionSayingSo() {
        relay().handle(message("{\"v\":2,\"channel\":\"C1\",\"body\":\"x\"}", 1));

        assertThat(sqs.sent.get(0).messageAttributes().get("reason").stringValue())
                .startsWith("unsupported_version: v: unsupported format version 2");
    }

    @Test
    void rereadsTheTokenOnceAfterInvalidAuthAndReposts() {
        slack.answer(new SlackOutcome.ConfigurationError("invalid_auth", ZERO));
        slack.answer(new SlackOutcome.Delivered("1.2", ZERO, System.nanoTime()));
        slack.refreshChanges = true;

        Disposition d = relay().handle(message(BODY, 1));

        assertThat(d).isEqualTo(Disposition.DELETE);
        assertThat(slack.posts).hasSize(2);
        assertThat(slack.refreshes).isEqualTo(1);
    }

    @Test
    void waitsTheBackoffCapWhenCredentialsStayBrokenInsteadOfDeadLettering() {
        config = config.toBuilder().backoffCap(Duration.ofSeconds(120)).build();
        slack.answer(new SlackOutcome.ConfigurationError("token_revoked", ZERO));

        Disposition d = relay().handle(message(BODY, 1));

        assertThat(d).isEqualTo(Disposition.RETRY);
        assertThat(slack.posts).hasSize(1);
        assertThat(sqs.sent).isEmpty();
        assertThat(sqs.visibility.get(0).visibilityTimeout()).isEqualTo(120);
        assertThat(logLine().get("AuthFailure").asInt()).isEqualTo(1);
    }

    @Test
    void deadLettersTheLastAttemptWithTheLastErrorRatherThanLeavingItToTheRedrivePolicy() {
        slack.answer(new SlackOutcome.Transient("http_502", "HTTP 502", ZERO));

        Disposition d = relay().handle(message(BODY, 5));

        assertThat(d).isEqualTo(Disposition.DELETE);
        assertThat(sqs.visibility).isEmpty();
        assertThat(sqs.sent.get(0).messageAttributes().get("reason").stringValue())
                .isEqualTo("retries_exhausted: 5 attempts, last http_502");
    }

    @Test
    void keepsTheMessageWhenTheDeadLetterQueueCannotBeReached() {
        sqs.failSends = true;
        slack.answer(new SlackOutcome.Permanent("is_archived", "Slack answered is_archived", ZERO));

        Disposition d = relay().handle(message(BODY, 1));

        assertThat(d).isEqualTo(Disposition.RETRY);
        assertThat(sqs.visibility).hasSize(1);
    }

    @Test
    void writesOneEmfLinePerMessageWithoutTheToken() {
        slack.answer(new SlackOutcome.Delivered("1.1", Duration.ofMillis(42), System.nanoTime()));

        relay().handle(message(BODY, 1));

        String out = logs.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).doesNotContain("xoxb-test-secret");
        JsonNode line = logLine();
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").textValue()).isEqualTo("SlackRelay");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Service\"],[\"Service\",\"Channel\"]]");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).contains("Delivered", "SlackLatency", "QueueAge");
        assertThat(line.get("Delivered").asInt()).isEqualTo(1);
        assertThat(line.get("SlackLatency").asLong()).isEqualTo(42);
        assertThat(line.get("QueueAge").asLong()).isGreaterThanOrEqualTo(3000);
        assertThat(line.get("Channel").textValue()).isEqualTo("C1");
        assertThat(line.get("messageId").textValue()).isEqualTo("m-1");
        assertThat(line.get("receiveCount").asInt()).isEqualTo(1);
    }

    private JsonNode logLine() {
        try {
            List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
            return new JsonMapper().readTree(lines.get(lines.size() - 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Answers posts from a script. */
    static final class ScriptedTransport extends PostOnlyTransport {
        final Deque<Supplier<SlackOutcome>> answers = new ArrayDeque<>();
        final List<RenderedMessage> posts = new ArrayList<>();
        boolean refreshChanges;
        int refreshes;

        void answer(SlackOutcome outcome) {
            answers.add(() -> outcome);
        }

        void answerDeliveredAfter(Duration latency) {
            answers.add(() -> {
                long sent = System.nanoTime();
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return new SlackOutcome.Delivered("1.1", latency, sent);
            });
        }

        @Override
        public SlackOutcome post(RenderedMessage message) {
            posts.add(message);
            return answers.remove().get();
        }

        @Override
        public boolean refreshCredentials() {
            refreshes++;
            return refreshChanges;
        }

        @Override
        public void close() {
        }
    }

    /** Records the relay's two SQS writes, and its look-ups of queues it was not configured with. */
    static final class RecordingSqs implements SqsClient {
        final List<ChangeMessageVisibilityRequest> visibility = new ArrayList<>();
        final List<SendMessageRequest> sent = new ArrayList<>();
        final List<GetQueueUrlRequest> lookups = new ArrayList<>();
        /** Receipt handles made visible again at once, in order. */
        final List<String> released = new ArrayList<>();
        /** The queue of each released receipt handle. */
        final List<String> releasedOn = new ArrayList<>();
        boolean failSends;

        @Override
        public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
            lookups.add(request);
            return GetQueueUrlResponse.builder()
                    .queueUrl("https://sqs.example/" + request.queueOwnerAWSAccountId() + "/" + request.queueName())
                    .build();
        }

        @Override
        public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
                ChangeMessageVisibilityBatchRequest request) {
            request.entries().forEach(e -> {
                assertThat(e.visibilityTimeout()).isZero();
                released.add(e.receiptHandle());
                releasedOn.add(request.queueUrl());
            });
            return ChangeMessageVisibilityBatchResponse.builder().build();
        }

        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
            visibility.add(request);
            return ChangeMessageVisibilityResponse.builder().build();
        }

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            if (failSends) {
                throw QueueDoesNotExistException.builder().message("no such queue").build();
            }
            sent.add(request);
            return SendMessageResponse.builder().messageId("dlq-1").build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}
