package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.publisher.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Digests end to end (MESSAGES_PER_POST above 1): publisher → ElasticMQ → event-source emulator receiving batches →
 * RelayHandler → the Slack emulator over HTTP, driven by the real Slack SDK.
 */
class DigestPipelineTest {

    private static List<SlackMessage> numbered(String channel, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> SlackMessage.builder(channel).title("job " + i).body("seq=" + i).build()).toList();
    }

    private static void publishAll(Pipeline p, List<SlackMessage> messages) {
        assertThat(p.publisher.publishAll(messages))
                .allSatisfy(r -> assertThat(r).isInstanceOf(PublishResult.Sent.class));
    }

    private static List<Integer> flat(List<List<Integer>> posts) {
        return posts.stream().flatMap(List::stream).toList();
    }

    @Test
    void foldsEachChannelsBacklogIntoDigestsInOrderOnePostPerInterval() throws Exception {
        Duration interval = Duration.ofMillis(300);
        Duration tolerance = interval.dividedBy(2); // transit jitter, as in RelayPipelineTest
        try (Pipeline p = Pipeline.builder().concurrency(3).deferRelay()
                .slack(s -> s.ratePerSecond(1000.0 / interval.toMillis()).burst(2).spacingTolerance(tolerance))
                .relay(r -> r.channelInterval(interval).messagesPerPost(10)).start()) {
            List<SlackMessage> all = new ArrayList<>();
            for (String channel : List.of("C1", "C2", "C3")) {
                all.addAll(numbered(channel, 25));
            }
            publishAll(p, all);
            p.kit.startRelay();

            p.kit.awaitSettled(Duration.ofSeconds(60),
                    () -> List.of("C1", "C2", "C3").stream().allMatch(c -> flat(p.notifications(c)).size() >= 25),
                    () -> { });

            for (String channel : List.of("C1", "C2", "C3")) {
                List<List<Integer>> posts = p.notifications(channel);
                assertThat(flat(posts)).as(channel).containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 25).boxed().toList());
                assertThat(posts).as("%s: a backlog of 25 in batches of 10", channel).hasSize(3);
                assertThat(posts).allSatisfy(post -> assertThat(post.size()).isLessThanOrEqualTo(10));
                List<AcceptedPost> accepted = p.slack.posts(channel);
                assertThat(accepted.get(0).payload().path("text").asText()).startsWith("10 notifications: job 1");
                for (int i = 1; i < accepted.size(); i++) {
                    assertThat(accepted.get(i).arrivalMillis() - accepted.get(i - 1).arrivalMillis())
                            .as("%s gap before post %d", channel, i + 1)
                            .isGreaterThanOrEqualTo(interval.minus(tolerance).toMillis());
                }
            }
            assertThat(p.slack.stats().rateLimited()).isZero();
            assertThat(p.slack.stats().spacingViolations()).isZero();
            assertThat(p.deadLetters()).isEmpty();
        }
    }

    @Test
    void aMessageSlackRefusesInsideADigestIsDeadLetteredAloneAndTheRestArriveInOrder() throws Exception {
        // Slack's block-text limit, lowered so one message of the backlog is too long for any post
        try (Pipeline p = Pipeline.builder().concurrency(1).deferRelay()
                .slack(s -> s.blocksTextLimit(400).ratePerSecond(10).burst(2))
                .relay(r -> r.channelInterval(Duration.ofMillis(100)).messagesPerPost(10)).start()) {
            List<SlackMessage> backlog = new ArrayList<>(numbered("C1", 6));
            backlog.set(2, SlackMessage.builder("C1").title("job 3").body("seq=3 " + "x".repeat(450)).build());
            publishAll(p, backlog);
            p.kit.startRelay();

            p.awaitSettled(6, Duration.ofSeconds(30)); // 5 posts + 1 dead letter

            // the refused digest's messages went one by one, so only the one at fault was dead-lettered
            assertThat(p.notifications("C1")).containsExactly(List.of(1), List.of(2), List.of(4), List.of(5),
                    List.of(6));
            assertThat(p.slack.stats().errors()).containsEntry("msg_blocks_too_long", 2L);
            List<Message> dead = p.deadLetters();
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(m.body()).contains("seq=3 ");
                assertThat(m.messageAttributes().get("reason").stringValue()).contains("msg_blocks_too_long");
            });
        }
    }

    @Test
    void aRateLimitedDigestIsRetriedWholeAfterRetryAfterInOrder() throws Exception {
        // the relay paces faster than this Slack allows, so its second digest meets a 429
        try (Pipeline p = Pipeline.builder().concurrency(2).deferRelay().slack(s -> s.ratePerSecond(1).burst(1))
                .relay(r -> r.channelInterval(Duration.ofMillis(100)).messagesPerPost(5)).start()) {
            publishAll(p, numbered("C1", 12));
            p.kit.startRelay();

            p.kit.awaitSettled(Duration.ofSeconds(60), () -> flat(p.notifications("C1")).size() >= 12, () -> { });

            assertThat(flat(p.notifications("C1"))).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 12).boxed().toList());
            assertThat(p.notifications("C1")).allSatisfy(post -> assertThat(post.size()).isLessThanOrEqualTo(5));
            assertThat(p.slack.stats().rateLimited()).isPositive();
            assertThat(p.deadLetters()).isEmpty();
        }
    }
}
