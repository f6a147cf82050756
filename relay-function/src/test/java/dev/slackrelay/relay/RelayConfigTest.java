package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("SQS_QUEUE_URL", "http://q/relay.fifo",
                "SQS_DLQ_URL", "http://q/dlq.fifo"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void appliesDocumentedDefaults() {
        RelayConfig c = RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "xoxb-1"));

        assertThat(c.channelInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoffCap()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.maxReceiveCount()).isEqualTo(100);
        assertThat(c.slackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.slackApiUrl()).isNull();
        assertThat(c.urgentQueueUrl()).isNull();
        assertThat(c.toEnvironment()).doesNotContainKey("SQS_URGENT_QUEUE_URL");
        assertThat(c.usesWebhooks()).isFalse();
        assertThat(c.metricsNamespace()).isEqualTo("SlackRelay");
    }

    /** Every optional variable set to a value other than its default, with the one credential given. */
    private static Map<String, String> everyVariableBut(String credential, String value) {
        return env(credential, value, "SQS_URGENT_QUEUE_URL", "http://q/relay-urgent.fifo", "SLACK_API_URL", "http://127.0.0.1:9000/api", "CHANNEL_INTERVAL_MS", "250",
                "BACKOFF_CAP_SECONDS", "60", "MAX_RECEIVE_COUNT", "5", "SLACK_TIMEOUT_MS", "2000",
                "METRICS_NAMESPACE", "Ns", "METRICS_SERVICE", "svc");
    }

    @Test
    void readsEveryVariable() {
        RelayConfig c = RelayConfig.fromEnvironment(everyVariableBut("SLACK_WEBHOOKS_SECRET_ARN", "arn:secret"));

        assertThat(c.usesWebhooks()).isTrue();
        assertThat(c.urgentQueueUrl()).isEqualTo("http://q/relay-urgent.fifo");
        assertThat(c.slackApiUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/api/"));
        assertThat(c.channelInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.backoffCap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxReceiveCount()).isEqualTo(5);
        assertThat(c.slackTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.metricsService()).isEqualTo("svc");
    }

    @Test
    void writesTheVariablesItIsReadBackFrom() {
        RelayConfig c = RelayConfig.fromEnvironment(everyVariableBut("SLACK_BOT_TOKEN", "xoxb-1"));

        assertThat(c.toEnvironment()).containsEntry("SLACK_BOT_TOKEN", "xoxb-1")
                .containsEntry("SQS_URGENT_QUEUE_URL", "http://q/relay-urgent.fifo")
                .doesNotContainKeys("SLACK_WEBHOOKS", "SLACK_BOT_TOKEN_SECRET_ARN");
        assertThat(RelayConfig.fromEnvironment(c.toEnvironment())).isEqualTo(c);
    }

    @Test
    void namesTheMissingOrMalformedVariable() {
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "x")))
                .hasMessageContaining("SQS_QUEUE_URL is required");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(env()))
                .hasMessageContaining("set exactly one of SLACK_BOT_TOKEN");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "x", "SLACK_WEBHOOKS", "{}")))
                .hasMessageContaining("(2 are set)");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "x", "CHANNEL_INTERVAL_MS", "1s")))
                .hasMessageContaining("CHANNEL_INTERVAL_MS must be a whole number");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "x", "BACKOFF_CAP_SECONDS", "50000")))
                .hasMessageContaining("BACKOFF_CAP_SECONDS must be at most 43200");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "x",
                "SQS_URGENT_QUEUE_URL", "http://q/relay.fifo")))
                .hasMessageContaining("SQS_URGENT_QUEUE_URL must name another queue than SQS_QUEUE_URL");
    }

    @Test
    void neverPrintsInlineSecrets() {
        RelayConfig c = RelayConfig.fromEnvironment(env("SLACK_BOT_TOKEN", "xoxb-secret-token"));

        assertThat(c.toString()).doesNotContain("xoxb-secret-token");
        assertThat(RelayConfig.fromEnvironment(env("SLACK_WEBHOOKS", "{\"C1\":\"https://hooks/secret\"}")).toString())
                .doesNotContain("hooks/secret");
    }
}
