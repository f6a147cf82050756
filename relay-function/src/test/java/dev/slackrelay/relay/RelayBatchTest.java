package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.relay.RelayTest.RecordingSqs;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
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
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How the relay handles a batch: folding a channel's backlog into digests, taking turns between channels, splitting
 * what a refused digest carried, and returning in time. Slack is scripted and time is a {@link ManualClock}: narrow
 * unit tests. The same against ElasticMQ and the Slack emulator over HTTP are in the system tests.
 */
class RelayBatchTest {

    private static final Duration INTERVAL = Duration.ofMillis(1000);

    private final ManualClock clock = new ManualClock();
    private final Script slack = new Script();
    private final RecordingSqs sqs = new RecordingSqs();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private RelayConfig config = RelayConfig.builder().queueUrl("http://q/relay.fifo")
            .deadLetterQueueUrl("http://q/dlq.fifo").slackBotToken("xoxb-test-secret").channelInterval(INTERVAL)
            .slackTimeout(Duration.ofSeconds(2)).maxReceiveCount(5).messagesPerPost(10).build();

    private List<Disposition> handle(List<InboundMessage> batch) {
        return relay().handle(batch);
    }

    private Relay relay() {
        return Relay.builder().config(config).sqsClient(sqs).transport(slack).clock(clock)
                .deliveryLog(new PrintStream(logs, true, StandardCharsets.UTF_8)).build();
    }

    private static InboundMessage message(String channel, int n) {
        return message(channel, n, "{\"channel\":\"" + channel + "\",\"title\":\"note " + n + "\",\"body\":\"b" + n
                + "\"}");
    }

    private static InboundMessage message(String channel, int n, String body) {
        return new InboundMessage("m-" + channel + "-" + n, "rh-" + channel + "-" + n, body, channel, 1,
                Instant.parse("2026-01-01T08:59:00Z"), Map.of());
    }

    private static List<InboundMessage> backlog(String channel, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> message(channel, n)).toList();
    }

    @Test
    void foldsAChannelsBacklogIntoOnePost() {
        List<Disposition> d = handle(backlog("C1", 3));

        assertThat(d).containsOnly(Disposition.DELETE).hasSize(3);
        assertThat(slack.posts).singleElement().satisfies(post -> {
            assertThat(post.rendered().text()).startsWith("3 notifications: note 1");
            assertThat(post.rendered().blocksJson()).contains("*note 1*", "*note 2*", "*note 3*");
            assertThat(post.rendered().blocksJson().indexOf("note 1")).isLessThan(
                    post.rendered().blocksJson().indexOf("note 2"));
        });
        List<JsonNode> lines = logLines();
        assertThat(lines).extracting(l -> l.get("messageId").asText())
                .containsExactly("m-C1-1", "m-C1-2", "m-C1-3");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("outcome").asText()).isEqualTo("delivered");
            assertThat(l.get("ts").asText()).isEqualTo("ts-1");
            assertThat(l.get("postSize").asInt()).isEqualTo(3);
        });
        // the channel stays locked for an interval after the post left
        assertThat(slack.posts.get(0).atNanos() + INTERVAL.toNanos()).isLessThanOrEqualTo(clock.nanoTime());
    }

    @Test
    void aLoneMessageIsPostedAtOnceAsItWouldBeAlone() {
        handle(backlog("C1", 1));

        assertThat(slack.posts).singleElement().satisfies(post -> {
            assertThat(post.rendered().text()).isEqualTo("note 1: b1");
            assertThat(post.atNanos()).isEqualTo(1_000_000_000L);
        });
    }

    @Test
    void carriesAtMostMessagesPerPostAndPacesTheRestOneIntervalApart() {
        config = config.toBuilder().messagesPerPost(2).build();

        List<Disposition> d = handle(backlog("C1", 5));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).extracting(p -> p.rendered().blocksJson().split("\\*note").length - 1)
                .containsExactly(2, 2, 1);
        for (int i = 1; i < slack.posts.size(); i++) {
            assertThat(slack.posts.get(i).atNanos() - slack.posts.get(i - 1).atNanos())
                    .isGreaterThanOrEqualTo(INTERVAL.toNanos());
        }
    }

    @Test
    void postsMessagesThatCannotShareAPostSeparatelyInOrder() {
        InboundMessage other = message("C1", 2, "{\"channel\":\"C1\",\"title\":\"note 2\",\"username\":\"Deployer\"}");

        handle(List.of(message("C1", 1), other, message("C1", 3), message("C1", 4)));

        assertThat(slack.posts).extracting(p -> p.rendered().username() + ":" + titles(p.rendered()))
                .containsExactly("NotificationBot:[1]", "Deployer:[2]", "NotificationBot:[3, 4]");
    }

    @Test
    void channelsTakeTurnsSoOneChannelsIntervalDoesNotDelayAnother() {
        config = config.toBuilder().messagesPerPost(1).build();

        handle(List.of(message("A", 1), message("A", 2), message("B", 1), message("B", 2)));

        assertThat(slack.posts).extracting(p -> p.rendered().channel() + titles(p.rendered()))
                .containsExactly("A[1]", "B[1]", "A[2]", "B[2]");
        assertThat(slack.posts.get(1).atNanos() - slack.posts.get(0).atNanos())
                .as("B's first post waits only for A's answer, not for A's interval")
                .isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(slack.posts.get(2).atNanos() - slack.posts.get(0).atNanos())
                .isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }

    @Test
    void aRateLimitedDigestIsRetriedWholeAfterRetryAfterAndTheChannelsRestWaitsInOrder() {
        config = config.toBuilder().messagesPerPost(2).build();
        slack.then(post -> new SlackOutcome.RateLimited(Duration.ofSeconds(7), Duration.ZERO));

        List<Disposition> d = handle(List.of(message("C1", 1), message("C1", 2), message("C1", 3),
                message("C2", 1)));

        assertThat(d).containsExactly(Disposition.RETRY, Disposition.RETRY, Disposition.RETRY, Disposition.DELETE);
        assertThat(sqs.visibility).extracting(v -> v.receiptHandle() + "=" + v.visibilityTimeout())
                .containsExactly("rh-C1-1=7", "rh-C1-2=7");
        assertThat(sqs.released).containsExactly("rh-C1-3");
        assertThat(slack.posts).extracting(p -> p.rendered().channel()).containsExactly("C1", "C2");
        assertThat(logLines()).extracting(l -> l.get("outcome").asText())
                .containsExactly("rate_limited", "rate_limited", "delivered");
    }

    @Test
    void aDigestThatFailedTransientlyBacksOffWhole() {
        slack.then(post -> new SlackOutcome.Transient("http_503", "HTTP 503", Duration.ZERO));

        List<Disposition> d = handle(backlog("C1", 3));

        assertThat(d).containsOnly(Disposition.RETRY);
        assertThat(sqs.visibility).hasSize(3);
        assertThat(sqs.visibility).extracting(v -> v.visibilityTimeout()).allSatisfy(
                t -> assertThat(t).isBetween(1, 2));
        assertThat(slack.posts).hasSize(1);
    }

    @Test
    void aDigestWhoseContentSlackRefusesIsPostedOneByOneSoOnlyTheBadMessageIsDeadLettered() {
        slack.then(post -> new SlackOutcome.Permanent("invalid_blocks", "Slack answered invalid_blocks",
                Duration.ZERO));
        slack.then(post -> delivered(post));
        slack.then(post -> new SlackOutcome.Permanent("invalid_blocks", "Slack answered invalid_blocks",
                Duration.ZERO));
        slack.then(post -> delivered(post));

        List<Disposition> d = handle(backlog("C1", 3));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).extracting(p -> titles(p.rendered()))
                .containsExactly(List.of(1, 2, 3), List.of(1), List.of(2), List.of(3));
        assertThat(sqs.sent).singleElement().satisfies(dead -> {
            assertThat(dead.messageBody()).contains("note 2");
            assertThat(dead.messageAttributes().get("reason").stringValue()).contains("invalid_blocks");
        });
        for (int i = 1; i < slack.posts.size(); i++) {
            assertThat(slack.posts.get(i).atNanos() - slack.posts.get(i - 1).atNanos())
                    .as("every attempt counts in the channel's pacing").isGreaterThanOrEqualTo(INTERVAL.toNanos());
        }
        assertThat(logLines()).extracting(l -> l.get("messageId").asText() + " " + l.get("outcome").asText())
                .containsExactly("m-C1-1 delivered", "m-C1-2 dead_lettered", "m-C1-3 delivered");
    }

    @Test
    void aDigestToAChannelSlackRefusesIsDeadLetteredWholeWithTheReason() {
        slack.then(post -> new SlackOutcome.Permanent("channel_not_found", "Slack answered channel_not_found",
                Duration.ZERO));

        List<Disposition> d = handle(backlog("C1", 3));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).hasSize(1);
        assertThat(sqs.sent).hasSize(3).allSatisfy(dead -> assertThat(
                dead.messageAttributes().get("reason").stringValue()).contains("channel_not_found"));
    }

    @Test
    void anInvalidMessageIsDeadLetteredInItsPlaceAndTheOthersStillFold() {
        List<Disposition> d = handle(List.of(message("C1", 1), message("C1", 2, "{not json"), message("C1", 3),
                message("C1", 4)));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(sqs.sent).singleElement().satisfies(dead -> assertThat(
                dead.messageAttributes().get("reason").stringValue()).startsWith("invalid_message"));
        assertThat(slack.posts).extracting(p -> titles(p.rendered())).containsExactly(List.of(1), List.of(3, 4));
    }

    @Test
    void stopsPostingBeforeTheDeadlineAndReturnsTheRestInOrderForRedelivery() {
        config = config.toBuilder().messagesPerPost(1).build();
        // the reserve: Slack timeout 2 s + interval 1 s + margins; leaves time for about 2.5 intervals of posting
        Duration timeLeft = Duration.ofMillis(2000 + 1000 + 5 + 2000 + 2500);
        long start = clock.nanoTime();

        List<Disposition> d = relay().handle(backlog("C1", 6), timeLeft);

        assertThat(slack.posts).hasSize(3);
        assertThat(d).containsExactly(Disposition.DELETE, Disposition.DELETE, Disposition.DELETE,
                Disposition.RETRY, Disposition.RETRY, Disposition.RETRY);
        assertThat(sqs.released).containsExactly("rh-C1-4", "rh-C1-5", "rh-C1-6");
        assertThat(clock.nanoTime() - start).as("returned in time").isLessThan(timeLeft.toNanos());
        assertThat(clock.nanoTime() - slack.posts.get(2).atNanos()).as("and still held the channel")
                .isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }

    @Test
    void aBatchWithNoTimeLeftPostsNothingAndReleasesEverything() {
        List<Disposition> d = relay().handle(backlog("C1", 2), Duration.ofSeconds(1));

        assertThat(d).containsOnly(Disposition.RETRY);
        assertThat(slack.posts).isEmpty();
        assertThat(sqs.released).containsExactly("rh-C1-1", "rh-C1-2");
    }

    private SlackOutcome delivered(Post post) {
        return new SlackOutcome.Delivered("ts-" + slack.posts.size(), Duration.ofMillis(250), post.atNanos());
    }

    private static List<Integer> titles(RenderedMessage rendered) {
        List<Integer> titles = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\*note (\\d+)\\*").matcher(rendered.blocksJson());
        while (m.find()) {
            titles.add(Integer.parseInt(m.group(1)));
        }
        return titles;
    }

    private List<JsonNode> logLines() {
        JsonMapper json = new JsonMapper();
        return logs.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** A post as the scripted Slack saw it, and when (the manual clock's nanos). */
    record Post(RenderedMessage rendered, long atNanos) {
    }

    /** Answers from a script, then delivers; each answer takes Slack's 250 ms on the manual clock. */
    final class Script extends PostOnlyTransport {
        final Deque<Function<Post, SlackOutcome>> answers = new ArrayDeque<>();
        final List<Post> posts = new ArrayList<>();

        void then(Function<Post, SlackOutcome> answer) {
            answers.add(answer);
        }

        @Override
        public SlackOutcome post(RenderedMessage message) {
            Post post = new Post(message, clock.nanoTime());
            posts.add(post);
            clock.advance(Duration.ofMillis(250));
            return answers.isEmpty() ? delivered(post) : answers.remove().apply(post);
        }
    }
}
