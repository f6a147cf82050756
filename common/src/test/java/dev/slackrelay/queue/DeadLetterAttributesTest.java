package dev.slackrelay.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterAttributesTest {

    @Test
    void readsBackWhatItWrites() {
        DeadLetterAttributes written = new DeadLetterAttributes("slack_error: Slack answered channel_not_found",
                "channel_not_found", 3, "m-1", "nightly-export", null);

        Map<String, String> attributes = written.toAttributes();

        assertThat(attributes).containsOnlyKeys("reason", "slackError", "receiveCount", "sourceMessageId", "producer");
        assertThat(DeadLetterAttributes.fromAttributes("dlq-id", attributes)).contains(written);
    }

    @Test
    void cutsLongReasonsAndNeverWritesEmptyValues() {
        DeadLetterAttributes written = new DeadLetterAttributes("x".repeat(5000), "", 1, "m-1", null, null);

        assertThat(written.reason()).hasSize(DeadLetterAttributes.MAX_REASON_LENGTH + 1).endsWith("…");
        assertThat(written.toAttributes()).containsEntry("slackError", "-");
    }

    @Test
    void aMessageMovedByTheRedrivePolicyHasNoReason() {
        assertThat(DeadLetterAttributes.fromAttributes("dlq-id", Map.of("producer", "cron"))).isEmpty();
    }

    @Test
    void onlyTheReceiveCountIsANumber() {
        assertThat(new DeadLetterAttributes("r", "e", 1, "m", "p", "t").toAttributes().keySet())
                .filteredOn(DeadLetterAttributes::isNumber).containsExactly("receiveCount");
    }

    @Test
    void visibilityIsWholeSecondsWithinSqsLimits() {
        assertThat(SqsLimits.visibilitySeconds(java.time.Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(SqsLimits.visibilitySeconds(java.time.Duration.ofDays(2))).isEqualTo(43_200);
        assertThat(SqsLimits.visibilitySeconds(java.time.Duration.ofSeconds(-5))).isZero();
    }
}
