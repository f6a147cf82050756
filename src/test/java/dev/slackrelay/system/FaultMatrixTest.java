package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.local.soak.Scenario;
import dev.slackrelay.local.soak.Soak;
import dev.slackrelay.local.soak.SoakOptions;
import dev.slackrelay.local.soak.SoakReport;
import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault matrix at CI size: each fault alone, then all together, over the real local pipeline (Slack emulator,
 * ElasticMQ with the template's queues, the publisher, the relay behind the event-source emulator, and for the kill
 * the standalone poller as a process of its own, SIGKILLed mid-run). Every scenario is reconciled from the emulator's
 * record and the drained DLQ: published = delivered + dead-lettered, nothing lost, every dead letter with its
 * reason, each channel in publish order, duplicates only where the relay cannot know Slack posted (a lost answer, a
 * kill between Slack's answer and the delete). {@code java -jar slack-relay-local.jar soak} runs the same matrix
 * bigger.
 *
 * <p>No assertion bounds a duration from above; the fault seed is chosen so that each random fault hits within the
 * first few posts, which makes "it was injected" deterministic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixTest {

    private static final SoakOptions SMALL = SoakOptions.builder().channels(3).messagesPerChannel(6)
            .durationScale(0.4).seed(64).build();
    private static final int HEALTHY_MESSAGES = 3 * 6;

    @Test
    @Order(1)
    void retriesSlackServerErrorsUntilEveryMessageIsDeliveredOnce() throws Exception {
        ScenarioResult result = run(Scenario.SERVER_ERRORS);

        assertThat(result.faultCount(EmulatorStats.FAULT_SERVER_ERROR)).isPositive();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
        assertThat(result.duplicates()).isZero();
    }

    @Test
    @Order(2)
    void countsEveryDuplicateOfASlowAnswerAsTheRelaysLostAnswer() throws Exception {
        ScenarioResult result = run(Scenario.SLOW);

        assertThat(result.faultCount(EmulatorStats.FAULT_SLOW)).isPositive();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
        assertThat(result.duplicates()).isEqualTo(result.duplicatesAfterLostAnswer());
    }

    @Test
    @Order(3)
    void retriesDroppedConnectionsWithoutDuplicates() throws Exception {
        ScenarioResult result = run(Scenario.DROP);

        assertThat(result.faultCount(EmulatorStats.FAULT_DROPPED)).isPositive();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
        assertThat(result.duplicates()).isZero();
    }

    @Test
    @Order(4)
    void waitsOutRetryAfterOnStormChannelsWhileHealthyChannelsGoOnUnthrottled() throws Exception {
        ScenarioResult result = run(Scenario.RATE_LIMIT_STORM);

        assertThat(result.rateLimited()).as("429s on the storm channels, at most one per message after the first:"
                + " every retry waited out its Retry-After").isPositive()
                .isLessThanOrEqualTo(2L * (SMALL.troubledMessagesPerChannel() - 1));
        assertThat(result.healthyRateLimited()).isZero();
        assertThat(result.healthyDoneBeforeStorm()).as("healthy channels finished before the storm channels")
                .isTrue();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES + 2 * SMALL.troubledMessagesPerChannel());
        assertThat(result.duplicates()).isZero();
    }

    @Test
    @Order(5)
    void deadLettersEveryMessageToAMissingOrArchivedChannelWithItsReason() throws Exception {
        ScenarioResult result = run(Scenario.DEAD_CHANNELS);

        assertThat(result.deadLettered("slack_error: channel_not_found")).isEqualTo(SMALL.troubledMessagesPerChannel());
        assertThat(result.deadLettered("slack_error: is_archived")).isEqualTo(SMALL.troubledMessagesPerChannel());
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
        assertThat(result.healthyRateLimited()).isZero();
    }

    @Test
    @Order(6)
    void deadLettersAForeignProducersMalformedBodiesAndDeliversTheRestOfTheirChannels() throws Exception {
        ScenarioResult result = run(Scenario.POISON);

        long poison = 3L * SMALL.poisonPerChannel();
        assertThat(result.published()).isEqualTo(HEALTHY_MESSAGES + poison);
        assertThat(result.deadLettered("invalid_message") + result.deadLettered("unsupported_version"))
                .isEqualTo(poison);
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
    }

    @Test
    @Order(7)
    void survivesTheStandalonePollerKilledMidRunWithDuplicatesOnlyFromTheKill() throws Exception {
        ScenarioResult result = run(Scenario.KILL);

        assertThat(result.kill()).isNotNull();
        assertThat(result.kill().postsBefore()).isPositive().isLessThan(HEALTHY_MESSAGES);
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES);
        assertThat(result.duplicates()).isEqualTo(result.duplicatesAfterKill());
    }

    @Test
    @Order(8)
    void reconcilesEveryFaultAtOnce() throws Exception {
        ScenarioResult result = run(Scenario.ALL);

        assertThat(result.kill()).isNotNull();
        assertThat(result.rateLimited()).isPositive();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES + 2 * SMALL.troubledMessagesPerChannel());
        assertThat(result.deadLettered()).isEqualTo(2L * SMALL.troubledMessagesPerChannel()
                + 3L * SMALL.poisonPerChannel());
        assertThat(result.duplicates())
                .isEqualTo(result.duplicatesAfterLostAnswer() + result.duplicatesAfterKill());
    }

    @Test
    @Order(9)
    void reconcilesEveryFaultAtOnceWhenBacklogsGoOutAsDigests() throws Exception {
        ScenarioResult result = run(SMALL.toBuilder().messagesPerPost(5).build(), Scenario.ALL);

        assertThat(result.kill()).isNotNull();
        assertThat(result.delivered()).isEqualTo(HEALTHY_MESSAGES + 2 * SMALL.troubledMessagesPerChannel());
        assertThat(result.deadLettered()).isEqualTo(2L * SMALL.troubledMessagesPerChannel()
                + 3L * SMALL.poisonPerChannel());
        assertThat(result.duplicates())
                .isEqualTo(result.duplicatesAfterLostAnswer() + result.duplicatesAfterKill());
    }

    /** Runs one scenario, prints its table, and checks what every scenario must hold. */
    private static ScenarioResult run(Scenario scenario) throws InterruptedException {
        return run(SMALL, scenario);
    }

    private static ScenarioResult run(SoakOptions options, Scenario scenario) throws InterruptedException {
        SoakReport report = new Soak(options.toBuilder().scenarios(scenario).build(), null).run();
        System.out.print(report.render());
        ScenarioResult result = report.scenario(scenario);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.lost()).isZero();
        assertThat(result.published()).isEqualTo(result.delivered() + result.deadLettered());
        assertThat(result.deadLettersWithoutReason()).isZero();
        assertThat(result.misrouted()).isEmpty();
        assertThat(result.outOfOrder()).isEmpty();
        assertThat(result.unexplainedDuplicates()).isZero();
        assertThat(result.healthyRateLimited()).isZero();
        assertThat(result.pages()).isZero();
        assertThat(result.secretLeaks()).isZero();
        assertThat(result.problems()).isEmpty();
        return result;
    }
}
