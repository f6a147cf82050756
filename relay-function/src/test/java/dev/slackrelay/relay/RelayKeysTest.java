package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.relay.RelayTest.RecordingSqs;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.render.MessageKeys;
import dev.slackrelay.render.MessageKeys.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threads and updates by key, and e-mail mentions, with Slack played by a small in-memory workspace and time by a
 * {@link ManualClock}: narrow unit tests of the relay's decisions and of how often it asks Slack. The same over HTTP
 * against the Slack emulator are in the system tests.
 */
class RelayKeysTest {

    private static final Duration INTERVAL = Duration.ofMillis(1000);

    private final ManualClock clock = new ManualClock();
    private final ScriptedWorkspace slack = new ScriptedWorkspace(clock);
    private final RecordingSqs sqs = new RecordingSqs();
    private final RelayConfig config = RelayConfig.builder().queueUrl("http://q/relay.fifo")
            .deadLetterQueueUrl("http://q/dlq.fifo").slackBotToken("xoxb-test-secret").channelInterval(INTERVAL)
            .slackTimeout(Duration.ofSeconds(2)).maxReceiveCount(5).messagesPerPost(10).build();
    private int sequence;

    private Relay relay() {
        return Relay.builder().config(config).sqsClient(sqs).transport(slack).clock(clock)
                .deliveryLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build();
    }

    private InboundMessage message(String json) {
        return message(json, "C1");
    }

    private InboundMessage message(String json, String group) {
        int n = ++sequence;
        return new InboundMessage("m-" + n, "rh-" + n, json, group, 1, Instant.parse("2026-01-01T08:59:00Z"), Map.of());
    }

    @Test
    void theFirstMessageOfAThreadKeyStartsTheThreadAndTheNextReplyInIt() {
        Relay relay = relay();

        List<Disposition> d = relay.handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"job 42 started\",\"thread_key\":\"job-42\"}"),
                message("{\"channel\":\"C1\",\"body\":\"42 % done\",\"thread_key\":\"job-42\"}"),
                message("{\"channel\":\"C1\",\"body\":\"failed\",\"thread_key\":\"job-42\",\"reply_broadcast\":true}")));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).hasSize(3);
        ScriptedWorkspace.Post parent = slack.posts.get(0);
        assertThat(parent.threadTs()).isNull();
        assertThat(MessageKeys.key(parent.rendered().metadata(), Kind.THREAD)).isEqualTo("job-42");
        assertThat(slack.posts.subList(1, 3)).allSatisfy(reply -> {
            assertThat(reply.threadTs()).isEqualTo(parent.ts());
            assertThat(reply.rendered().metadata()).isNull();
        });
        assertThat(slack.posts.get(2).rendered().replyBroadcast()).isTrue();
        // one history read for the channel: the first message found nothing, the rest came from memory
        assertThat(slack.historyReads).isEqualTo(1);
        assertThat(slack.posts).extracting(ScriptedWorkspace.Post::atNanos).satisfies(times -> {
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).isGreaterThanOrEqualTo(INTERVAL.toNanos());
            }
        });
    }

    @Test
    void aThreadSurvivesAColdCacheThroughTheChannelsHistory() {
        relay().handle(List.of(message("{\"channel\":\"C1\",\"body\":\"started\",\"thread_key\":\"job-7\"}")));
        clock.advance(Duration.ofMinutes(5));

        // another execution environment: nothing in memory
        relay().handle(List.of(message("{\"channel\":\"C1\",\"body\":\"done\",\"thread_key\":\"job-7\"}")));

        assertThat(slack.posts).hasSize(2);
        assertThat(slack.posts.get(1).threadTs()).isEqualTo(slack.posts.get(0).ts());
        assertThat(slack.historyReads).isEqualTo(2);
    }

    @Test
    void anExplicitThreadTsWinsOverTheKey() {
        relay().handle(List.of(message(
                "{\"channel\":\"C1\",\"body\":\"x\",\"thread_key\":\"k\",\"thread_ts\":\"1700000000.000100\"}")));

        assertThat(slack.posts).singleElement().satisfies(p -> assertThat(p.threadTs()).isEqualTo("1700000000.000100"));
        assertThat(slack.historyReads).isZero();
    }

    @Test
    void anUpdateKeyReplacesTheLatestMessageWithItAndIsPacedLikeAPost() {
        Relay relay = relay();

        List<Disposition> d = relay.handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"deploy running\",\"update_key\":\"deploy-9\"}"),
                message("{\"channel\":\"C1\",\"body\":\"deploy 50 %\",\"update_key\":\"deploy-9\"}"),
                message("{\"channel\":\"C1\",\"body\":\"deploy finished\",\"update_key\":\"deploy-9\"}")));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).singleElement().satisfies(p ->
                assertThat(MessageKeys.key(p.rendered().metadata(), Kind.UPDATE)).isEqualTo("deploy-9"));
        assertThat(slack.updates).hasSize(2).allSatisfy(u -> assertThat(u.ts()).isEqualTo(slack.posts.get(0).ts()));
        assertThat(slack.updates.get(1).rendered().blocksJson()).contains("deploy finished");
        assertThat(slack.updates.get(0).atNanos() - slack.posts.get(0).atNanos())
                .isGreaterThanOrEqualTo(INTERVAL.toNanos());
        assertThat(slack.updates.get(1).atNanos() - slack.updates.get(0).atNanos())
                .isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }

    @Test
    void anUpdateFindsItsMessageInHistoryAfterAColdStart() {
        relay().handle(List.of(message("{\"channel\":\"C1\",\"body\":\"started\",\"update_key\":\"job-1\"}")));
        clock.advance(Duration.ofMinutes(2));

        relay().handle(List.of(message("{\"channel\":\"C1\",\"body\":\"finished\",\"update_key\":\"job-1\"}")));

        assertThat(slack.posts).hasSize(1);
        assertThat(slack.updates).singleElement().satisfies(u -> assertThat(u.ts()).isEqualTo(slack.posts.get(0).ts()));
    }

    @Test
    void emailMentionsAreLookedUpOnceAndUnknownOnesNamedAsText() {
        slack.users.put("alice@example.com", "U0ALICE");
        Relay relay = relay();

        relay.handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"one\",\"mentions\":[\"Alice@Example.com\",\"nobody@example.com\"]}"),
                message("{\"channel\":\"C1\",\"body\":\"two\",\"mentions\":[\"alice@example.com\",\"nobody@example.com\"]}")));

        assertThat(slack.posts).hasSize(2).allSatisfy(p -> assertThat(p.rendered().blocksJson())
                .contains("<@U0ALICE> nobody@example.com"));
        assertThat(slack.emailLookups).isEqualTo(2); // one per address, not per message
    }

    @Test
    void aRateLimitedLookUpRetriesTheMessageAfterRetryAfterAndHoldsItsChannel() {
        slack.historyAnswer = new SlackAnswer.Failed<>(new SlackOutcome.RateLimited(Duration.ofSeconds(30),
                Duration.ofMillis(100)));

        List<Disposition> d = relay().handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"x\",\"thread_key\":\"k\"}"),
                message("{\"channel\":\"C1\",\"body\":\"after it\"}")));

        assertThat(d).containsExactly(Disposition.RETRY, Disposition.RETRY);
        assertThat(slack.posts).isEmpty();
        assertThat(sqs.visibility).singleElement()
                .satisfies(v -> assertThat(v.visibilityTimeout()).isEqualTo(30));
        assertThat(sqs.released).containsExactly("rh-2");
    }

    @Test
    void afterA429OnAnUpdateTheWorkspacesOtherUpdatesWaitOutItsRetryAfterWithoutAskingSlack() {
        Relay relay = relay();
        relay.handle(List.of(message("{\"channel\":\"C1\",\"body\":\"a started\",\"update_key\":\"a\"}"),
                message("{\"channel\":\"C2\",\"body\":\"b started\",\"update_key\":\"b\"}", "C2")));
        slack.updateAnswers.add(new SlackOutcome.RateLimited(Duration.ofSeconds(20), Duration.ofMillis(100)));

        List<Disposition> d = relay.handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"a finished\",\"update_key\":\"a\"}"),
                message("{\"channel\":\"C2\",\"body\":\"b finished\",\"update_key\":\"b\"}", "C2"),
                message("{\"channel\":\"C2\",\"body\":\"a plain post\"}", "C2")));

        // one call met Slack's 429; the other channel's update was held back without a call, its channel with it
        assertThat(d).containsExactly(Disposition.RETRY, Disposition.RETRY, Disposition.RETRY);
        assertThat(slack.updateCalls).isEqualTo(1);
        assertThat(sqs.visibility).extracting(v -> v.visibilityTimeout()).allSatisfy(t -> assertThat(t).isBetween(19, 20));

        clock.advance(Duration.ofSeconds(20));
        assertThat(relay.handle(List.of(message("{\"channel\":\"C2\",\"body\":\"b finished\",\"update_key\":\"b\"}", "C2"))))
                .containsExactly(Disposition.DELETE);
        assertThat(slack.updates).singleElement().satisfies(u -> assertThat(u.rendered().blocksJson()).contains("b finished"));
    }
}
