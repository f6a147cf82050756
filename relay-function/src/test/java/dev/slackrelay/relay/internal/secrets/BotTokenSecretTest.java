package dev.slackrelay.relay.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.WebApiTransport;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.secrets.SecretsManagerSource;
import dev.slackrelay.secrets.SecretsManagerStub;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bot token from a Secrets Manager endpoint over HTTP, with the real AWS SDK client. */
class BotTokenSecretTest {

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
                    Duration.ZERO, System::nanoTime);
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
