package dev.slackrelay.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import org.junit.jupiter.api.Test;

/** The soak over the real local pipeline, with the two scenarios that need no waiting. */
class SoakTest {

    @Test
    void deadLettersDeadChannelsAndPoisonWithTheirReasonsWhileHealthyChannelsDeliverInOrder() throws Exception {
        SoakOptions options = SoakOptions.builder().channels(2).messagesPerChannel(4).durationScale(0.2).seed(3)
                .scenarios(Scenario.DEAD_CHANNELS, Scenario.POISON).build();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        SoakReport report = new Soak(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        ScenarioResult dead = report.scenario(Scenario.DEAD_CHANNELS);
        assertThat(dead.problems()).isEmpty();
        assertThat(dead.published()).isEqualTo(2 * 4 + 2 * 3);
        assertThat(dead.delivered()).isEqualTo(8);
        assertThat(dead.deadLetterReasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "slack_error: channel_not_found", 3L, "slack_error: is_archived", 3L));
        ScenarioResult poison = report.scenario(Scenario.POISON);
        assertThat(poison.problems()).isEmpty();
        assertThat(poison.published()).isEqualTo(2 * 4 + 2);
        assertThat(poison.deadLettered()).isEqualTo(2);
        assertThat(poison.deadLettered("invalid_message") + poison.deadLettered("unsupported_version")).isEqualTo(2);
        for (ScenarioResult result : report.scenarios()) {
            assertThat(result.lost()).isZero();
            assertThat(result.duplicates()).isZero();
            assertThat(result.outOfOrder()).isEmpty();
            assertThat(result.pages()).isZero();
            assertThat(result.secretLeaks()).isZero();
        }
        assertThat(report.ok()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.render()).contains("dead-channels 14 = 8 + 6 + 0", "poison        10 = 8 + 2 + 0",
                "=> OK");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[dead-channels] OK in", "[poison] OK in");
    }
}
