package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.system.Pipeline.Invocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The relay end to end: publisher → ElasticMQ → event-source emulator → RelayHandler → Slack emulator. */
class RelayPipelineTest {

    private static List<SlackMessage> numbered(String channel, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> SlackMessage.builder(channel).body("seq=" + i).build()).toList();
    }

    private static void publishAll(Pipeline p, List<SlackMessage> messages) {
        assertThat(p.publisher.publishAll(messages)).allSatisfy(r -> assertThat(r).isInstanceOf(PublishResult.Sent.class));
    }

    @Test
    void deliversEveryChannelInOrderPacedToTheChannelInterval() throws Exception {
        Duration interval = Duration.ofMillis(300);
        // The relay paces from when a post left, so transit jitter may bring two arrivals a little closer than the
        // interval; half an interval of it is more than a loaded 2-core machine shows and less than a pacing fault.
        Duration tolerance = interval.dividedBy(2);
        // burst 2: a late-arriving request must show up as a spacing violation, not hide behind a 429
        try (Pipeline p = Pipeline.builder().concurrency(4)
                .slack(s -> s.ratePerSecond(1000.0 / interval.toMillis()).burst(2).spacingTolerance(tolerance))
                .relay(r -> r.channelInterval(interval)).start()) {
            List<SlackMessage> all = new ArrayList<>();
            for (String channel : List.of("C1", "C2", "C3")) {
                all.addAll(numbered(channel, 6));
            }
            publishAll(p, all);

            p.awaitSettled(18, Duration.ofSeconds(60));

            for (String channel : List.of("C1", "C2", "C3")) {
                assertThat(p.sequence(channel)).as(channel).containsExactly(1, 2, 3, 4, 5, 6);
                List<AcceptedPost> posts = p.slack.posts(channel);
                for (int i = 1; i < posts.size(); i++) {
                    assertThat(posts.get(i).arrivalMillis() - posts.get(i - 1).arrivalMillis())
                            .as("%s gap before post %d", channel, i + 1)
                            .isGreaterThanOrEqualTo(interval.minus(tolerance).toMillis());
                }
            }
            assertThat(p.slack.stats().spacingViolations()).isZero();
            assertThat(p.deadLetters()).isEmpty();
        }
    }

    @Test
    void redeliversARateLimitedMessageNoSoonerThanRetryAfterWhileOtherChannelsGoOn() throws Exception {
        // 1 post per 2 s per channel, paced to match; one worker, so a relay that slept through Retry-After
        // inside the handler would make C2 wait behind C1.
        try (Pipeline p = Pipeline.builder().concurrency(1)
                .slack(s -> s.ratePerSecond(0.5).burst(1))
                .relay(r -> r.channelInterval(Duration.ofSeconds(2))).start()) {
            // another client just posted to C1, so the relay's first C1 post meets 429 with Retry-After: 2
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(p.slack.apiUrl());
            config.setStatsEnabled(false);
            assertThat(Slack.getInstance(config).methods(Pipeline.TOKEN)
                    .chatPostMessage(r -> r.channel("C1").text("someone else")).isOk()).isTrue();
            p.publisher.publish(SlackMessage.builder("C1").body("seq=1").build());
            p.publisher.publish(SlackMessage.builder("C2").body("seq=1").build());

            p.awaitSettled(3, Duration.ofSeconds(30));

            List<Invocation> c1 = p.invocations().stream().filter(i -> i.groupId().equals("C1")).toList();
            assertThat(c1).hasSizeGreaterThanOrEqualTo(2);
            Invocation limited = c1.get(0);
            Invocation redelivered = c1.get(1);
            assertThat(limited.retried()).isTrue();
            assertThat(redelivered.receiveCount()).isEqualTo(2);
            assertThat(Duration.ofNanos(redelivered.startNanos() - limited.startNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(p.slack.stats().channel("C1").rateLimited()).isEqualTo(1);
            assertThat(p.sequence("C1")).containsExactly(1);

            Invocation c2 = p.invocations().stream().filter(i -> i.groupId().equals("C2")).findFirst().orElseThrow();
            assertThat(c2.startNanos()).as("C2 handled while C1 waited out its Retry-After")
                    .isLessThan(redelivered.startNanos());
            assertThat(p.slack.stats().channel("C2").rateLimited()).isZero();
        }
    }

    @Test
    void deadLettersPermanentErrorsAndPoisonWithReasonsWhileTheChannelMovesOn() throws Exception {
        try (Pipeline p = Pipeline.builder()
                .slack(s -> s.ratePerSecond(20).burst(1).channels(Pipeline.channels("C1", "C2")).blocksTextLimit(2000))
                .relay(r -> r.channelInterval(Duration.ofMillis(100))).start()) {
            p.publisher.publish(SlackMessage.builder("C1").body("seq=1").build());
            // Slack refuses it (msg_blocks_too_long at this workspace's limit): permanent
            p.publisher.publish(SlackMessage.builder("C1").body("seq=2 " + "x".repeat(5000)).build());
            // a foreign producer's body that is not the wire format: poison
            p.sqs.client().sendMessage(r -> r.queueUrl(p.sqs.queueUrl()).messageGroupId("C1")
                    .messageDeduplicationId("foreign-1").messageBody("<xml>not json</xml>"));
            p.publisher.publish(SlackMessage.builder("C1").body("seq=3").build());
            p.publisher.publish(SlackMessage.builder("C404").body("seq=1").build());
            p.publisher.publish(SlackMessage.builder("C2").body("seq=1").build());

            p.awaitSettled(6, Duration.ofSeconds(30));

            assertThat(p.sequence("C1")).containsExactly(1, 3);
            assertThat(p.sequence("C2")).containsExactly(1);
            Map<String, String> reasons = p.deadLetters().stream().collect(Collectors.toMap(Message::body,
                    m -> m.messageAttributes().get("reason").stringValue()));
            assertThat(reasons).hasSize(3);
            assertThat(reasons.get("<xml>not json</xml>")).startsWith("invalid_message: (body): not valid JSON");
            assertThat(reasons).anySatisfy((body, reason) -> {
                assertThat(body).contains("C404");
                assertThat(reason).contains("channel_not_found");
            });
            assertThat(reasons).anySatisfy((body, reason) -> {
                assertThat(body).contains("seq=2");
                assertThat(reason).contains("msg_blocks_too_long");
            });
            assertThat(p.deadLetters()).allSatisfy(m -> {
                assertThat(m.messageAttributes()).containsKeys("reason", "receiveCount", "sourceMessageId");
                assertThat(m.attributesAsStrings()).isNotNull();
            });
        }
    }

    @Test
    void backsOffOnTransientErrorsAndThenDelivers() throws Exception {
        try (Pipeline p = Pipeline.builder().slack(s -> s.ratePerSecond(20).burst(1))
                .relay(r -> r.channelInterval(Duration.ofMillis(100)).backoffBase(Duration.ofSeconds(2))).start()) {
            p.slack.faults().serverErrorRate(1.0);
            p.publisher.publish(SlackMessage.builder("C1").body("seq=1").build());
            while (p.slack.stats().faultCount(EmulatorStats.FAULT_SERVER_ERROR) == 0) {
                Thread.sleep(20);
            }
            p.slack.faults().clear();

            p.awaitSettled(1, Duration.ofSeconds(30));

            assertThat(p.sequence("C1")).containsExactly(1);
            List<Invocation> attempts = p.invocations();
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
            assertThat(attempts.get(0).retried()).isTrue();
            assertThat(Duration.ofNanos(attempts.get(1).startNanos() - attempts.get(0).startNanos()))
                    .as("backoff after the first failure is at least half the 2 s base")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void everyPublishedMessageEndsDeliveredOrDeadLetteredUnderFaults() throws Exception {
        try (Pipeline p = Pipeline.builder().concurrency(4)
                .slack(s -> s.ratePerSecond(10).burst(1).channels(Pipeline.channels("C1", "C2", "C3")))
                .relay(r -> r.channelInterval(Duration.ofMillis(100)).backoffBase(Duration.ofSeconds(1))).start()) {
            p.slack.faults().seed(7).serverErrorRate(0.2).dropRate(0.05);
            List<SlackMessage> all = new ArrayList<>();
            for (String channel : List.of("C1", "C2", "C3", "C-gone")) {
                all.addAll(numbered(channel, 5));
            }
            publishAll(p, all);

            p.awaitSettled(20, Duration.ofSeconds(90));

            for (String channel : List.of("C1", "C2", "C3")) {
                // at-least-once: a dropped connection may have been posted; duplicates are allowed, loss and
                // reordering are not
                assertThat(p.sequence(channel).stream().distinct().toList()).as(channel)
                        .containsExactly(1, 2, 3, 4, 5);
            }
            assertThat(p.deadLetters()).hasSize(5).allSatisfy(m ->
                    assertThat(m.messageAttributes().get("reason").stringValue()).contains("channel_not_found"));
        }
    }
}
