package dev.slackrelay.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.local.pipeline.DeadLetter;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.Ledger;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.local.soak.SoakReport.KillReport;
import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import dev.slackrelay.local.soak.Workload.Channel;
import dev.slackrelay.local.soak.Workload.Role;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The reconciliation finds each kind of broken promise in a made-up record, and explains what may happen. */
class ReconciliationTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Channel H1 = new Channel("#h01", Role.HEALTHY);
    private static final Channel H2 = new Channel("#h02", Role.HEALTHY);
    private static final Channel GONE = new Channel("#gone", Role.NOT_FOUND);

    private final Ledger ledger = new Ledger();
    private final List<AcceptedPost> posts = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<DeliveryRecorder.Entry> log = new ArrayList<>();
    private final Map<String, EmulatorStats.ChannelStats> channelStats = new HashMap<>();

    @Test
    void balancesWhenEveryMessageIsDeliveredOrDeadLetteredAsItShould() {
        publish(H1, 1, 2, 3);
        publish(GONE, 1);
        poison("p1", H1, "invalid_message");
        accept(H1, 1, 1_000);
        accept(H1, 2, 1_200);
        accept(H1, 3, 1_400);
        deadLetter(id(GONE, 1), "slack_error: Slack answered channel_not_found", "channel_not_found");
        deadLetter("p1", "invalid_message: (body): not valid JSON", null);

        ScenarioResult result = reconcile(Scenario.ALL, 0);

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.published()).isEqualTo(5);
        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.deadLettered()).isEqualTo(2);
        assertThat(result.lost()).isZero();
        assertThat(result.deadLetterReasons()).containsExactlyInAnyOrderEntriesOf(
                Map.of("slack_error: channel_not_found", 1L, "invalid_message", 1L));
        assertThat(result.maxHealthyGapMillis()).isEqualTo(200);
        assertThat(result.maxHealthyExcessMillis()).isZero();
    }

    @Test
    void findsALostMessageAndAChannelOutOfOrder() {
        publish(H1, 1, 2, 3);
        publish(H2, 1, 2);
        accept(H1, 1, 1_000);
        accept(H1, 3, 1_200);
        accept(H1, 2, 1_400);
        accept(H2, 1, 1_000);

        ScenarioResult result = reconcile(Scenario.SERVER_ERRORS, 0);

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.outOfOrder()).containsExactly("#h01: #2 after #3");
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("lost 1: #h02 #2"))
                .anySatisfy(p -> assertThat(p).startsWith("out of order"));
        assertThat(result.ok()).isFalse();
    }

    @Test
    void allowsNoDuplicateWhereNothingCanPostTwice() {
        publish(H1, 1);
        accept(H1, 1, 1_000);
        accept(H1, 1, 3_000);

        ScenarioResult result = reconcile(Scenario.DROP, 0);

        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.problems()).singleElement().asString().contains("nothing in this scenario can post");
    }

    @Test
    void explainsDuplicatesByALostAnswerOrTheKillAndNothingElse() {
        publish(H1, 1, 2, 3, 4);
        publish(H2, 1);
        accept(H2, 1, 500);
        accept(H2, 1, 800);
        accept(H1, 1, 1_000);
        accept(H1, 1, 3_000);
        failed(H1, 1, "transient_failure", "io_error", 2_000);
        accept(H1, 2, 3_200);
        accept(H1, 3, 5_100);
        accept(H1, 2, 9_000);
        accept(H1, 3, 9_200);
        accept(H1, 4, 9_400);
        accept(H1, 4, 9_600);

        ScenarioResult result = reconcile(Scenario.ALL, 5_000);

        assertThat(result.duplicates()).isEqualTo(5);
        assertThat(result.duplicatesAfterLostAnswer()).isEqualTo(1);
        assertThat(result.duplicatesAfterKill()).as("#2 before the kill, #3 as it died; both again after")
                .isEqualTo(2);
        assertThat(result.unexplainedDuplicates()).as("#h02 #1 both before the kill, #h01 #4 both after")
                .isEqualTo(2);
        assertThat(result.outOfOrder()).isEmpty();
        assertThat(result.problems()).singleElement().asString().contains("2 duplicate(s) neither");
    }

    @Test
    void flagsMisroutedMessagesAndDeadLettersWithoutReason() {
        publish(H1, 1);
        publish(GONE, 1, 2);
        deadLetter(id(H1, 1), "slack_error: Slack answered is_archived", "is_archived");
        deadLetter(id(GONE, 1), "slack_error: Slack answered is_archived", "is_archived");
        deadLetter(id(GONE, 2), null, null);

        ScenarioResult result = reconcile(Scenario.DEAD_CHANNELS, 0);

        assertThat(result.lost()).isZero();
        assertThat(result.deadLettersWithoutReason()).isEqualTo(1);
        assertThat(result.misrouted()).containsExactlyInAnyOrder(
                "#h01 #1 was dead-lettered: slack_error: Slack answered is_archived",
                "#gone #1 was dead-lettered as slack_error: is_archived, not slack_error: channel_not_found",
                "#gone #2 was dead-lettered as (no reason), not slack_error: channel_not_found");
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).isEqualTo("1 dead letter(s) without a reason"));
    }

    @Test
    void countsAnUnrequestedBroadcastAsAPageAndA429OfAHealthyChannel() {
        publish(H1, 1);
        posts.add(new AcceptedPost("#h01", "1.000001", Instant.ofEpochMilli(1_000), 0, AcceptedPost.Source.API,
                JsonNodeFactory.instance.objectNode().put("text", "soak:#h01:1 hey <!channel> look")));
        channelStats.put("#h01", new EmulatorStats.ChannelStats(1, 2, 0));

        ScenarioResult result = reconcile(Scenario.POISON, 0);

        assertThat(result.pages()).isEqualTo(1);
        assertThat(result.healthyRateLimited()).isEqualTo(2);
        assertThat(result.problems()).hasSize(2);
    }

    @Test
    void subtractsAHealthyChannelsOwnRetriesFromItsWaitAndSkipsTheKill() {
        publish(H1, 1, 2, 3, 4, 5);
        accept(H1, 1, 1_000);
        failed(H1, 2, "transient_failure", "http_503", 1_250);
        accept(H1, 2, 2_500);
        accept(H1, 3, 9_000);
        accept(H1, 4, 28_000);
        accept(H1, 5, 28_200);

        ScenarioResult result = reconcile(Scenario.KILL, 3_000);

        assertThat(result.maxHealthyGapMillis()).as("gaps overlapping the kill and its orphaned long polls are left out")
                .isEqualTo(1_500);
        assertThat(result.maxHealthyExcessMillis()).as("1500 - 200 interval - 50 latency - 1000 backoff")
                .isEqualTo(250);
    }

    /** A kill at {@code killAtMillis}, the new poller polling 1.5 s later, orphaned long polls for 20 s; 0: none. */
    private ScenarioResult reconcile(Scenario scenario, long killAtMillis) {
        List<Channel> channels = List.of(H1, H2, GONE);
        EmulatorStats stats = new EmulatorStats(posts.size(), 0, Map.of(), Map.of(), 0, channelStats);
        KillReport kill = killAtMillis > 0 ? new KillReport(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)) : null;
        return new ScenarioReconciliation(scenario, INTERVAL, channels, ledger, posts, deadLetters, "xoxb-secret", log,
                0, stats, kill, killAtMillis, killAtMillis + 1_500, killAtMillis + 20_000, Duration.ofSeconds(10),
                false).result();
    }

    private void publish(Channel channel, int... seqs) {
        for (int seq : seqs) {
            String reason = channel.role() == Role.NOT_FOUND ? "slack_error: channel_not_found" : null;
            ledger.add(new Published(id(channel, seq), channel.name(), seq, channel.name() + " #" + seq, reason));
        }
    }

    private void poison(String id, Channel group, String reason) {
        ledger.add(new Published(id, group.name(), 0, "poison in " + group.name(), reason));
    }

    private void accept(Channel channel, int seq, long atMillis) {
        posts.add(new AcceptedPost(channel.name(), "1." + posts.size(), Instant.ofEpochMilli(atMillis), atMillis,
                AcceptedPost.Source.API, JsonNodeFactory.instance.objectNode()
                        .put("text", "soak:" + channel.name() + ":" + seq + " Build passed")));
    }

    private void failed(Channel channel, int seq, String outcome, String error, long atMillis) {
        log.add(new DeliveryRecorder.Entry(id(channel, seq), channel.name(), outcome, error, 1, 50, atMillis, null,
                0));
    }

    private void deadLetter(String id, String reason, String slackError) {
        deadLetters.add(new DeadLetter(id, "?", reason, slackError, 1, Message.builder().messageId("dlq-" + id)
                .body("{}").build()));
    }

    private static String id(Channel channel, int seq) {
        return channel.name() + "/" + seq;
    }
}
