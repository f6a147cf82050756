package dev.slackrelay.relay.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.relay.ManualClock;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.WebApiTransport;
import dev.slackrelay.render.BlockKitRenderer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bot token from a Secrets Manager endpoint over HTTP, with the real AWS SDK client. */
class SecretsManagerSourceTest {

    @Test
    void readsOnceAndCaches() {
        try (SecretsManagerStub stub = new SecretsManagerStub("xoxb-one")) {
            SecretsManagerSource source = new SecretsManagerSource(stub.client(), SecretsManagerStub.ARN,
                    Duration.ofSeconds(30), RelayClock.system());

            assertThat(source.get()).isEqualTo("xoxb-one");
            assertThat(source.get()).isEqualTo("xoxb-one");
            assertThat(stub.reads()).isEqualTo(1);
        }
    }

    @Test
    void refreshesAtMostOncePerInterval() {
        ManualClock clock = new ManualClock();
        try (SecretsManagerStub stub = new SecretsManagerStub("xoxb-one")) {
            SecretsManagerSource source = new SecretsManagerSource(stub.client(), SecretsManagerStub.ARN,
                    Duration.ofSeconds(30), clock);
            source.get();
            stub.rotate("xoxb-two");

            assertThat(source.refresh()).as("too soon after the first read").isFalse();
            clock.advance(Duration.ofSeconds(31));
            assertThat(source.refresh()).isTrue();
            assertThat(source.get()).isEqualTo("xoxb-two");
            clock.advance(Duration.ofSeconds(31));
            assertThat(source.refresh()).as("unchanged").isFalse();
            assertThat(stub.reads()).isEqualTo(3);
        }
    }

    @Test
    void acceptsRawAndJsonTokenSecrets() {
        assertThat(SecretValues.botToken(" xoxb-raw\n")).isEqualTo("xoxb-raw");
        assertThat(SecretValues.botToken("{\"token\":\"xoxb-json\"}")).isEqualTo("xoxb-json");
        assertThat(SecretValues.webhooks("{\"C1\":\"https://hooks.slack.com/services/T/B/x\"}"))
                .containsEntry("C1", "https://hooks.slack.com/services/T/B/x");
    }

    @Test
    void deliversAfterATokenRotationByRereadingTheSecretOnInvalidAuth() {
        try (SecretsManagerStub stub = new SecretsManagerStub("{\"token\":\"xoxb-old\"}");
             SlackEmulator slack = SlackEmulator.builder().token("xoxb-new").build().start()) {
            SecretsManagerSource source = new SecretsManagerSource(stub.client(), SecretsManagerStub.ARN,
                    Duration.ZERO, RelayClock.system());
            WebApiTransport transport = new WebApiTransport(SlackClients.create(URI.create(slack.apiUrl()),
                    Duration.ofSeconds(2), RelayClock.system()), source, RelayClock.system());
            var message = BlockKitRenderer.render(SlackMessage.builder("C1").body("after rotation").build());

            assertThat(transport.post(message)).isInstanceOfSatisfying(SlackOutcome.ConfigurationError.class,
                    e -> assertThat(e.error()).isEqualTo("invalid_auth"));
            stub.rotate("{\"token\":\"xoxb-new\"}");
            assertThat(transport.refreshCredentials()).isTrue();
            assertThat(transport.post(message)).isInstanceOf(SlackOutcome.Delivered.class);
            assertThat(slack.posts("C1")).hasSize(1);
        }
    }
}
