package dev.slackrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.secrets.SecretsManagerSource;
import dev.slackrelay.secrets.SecretsManagerStub;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tokens and hooks: from the variables, from the ingest secret, and after a rotation of the secret. */
class CredentialsTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/relay.fifo";
    private static final String HOOK_ID = "Zq3_hook-id-0123456789";
    private static final String SECRET = "{\"tokens\":[\"tok-one-0123456789\"],\"hooks\":{\"" + HOOK_ID
            + "\":{\"channel\":\"C0ALERTS\",\"allow_broadcasts\":true},\"other_hook_id_0123456789\":\"C0OTHER\"}}";

    private IngestFixture ingest;

    @BeforeEach
    void start() {
        ingest = new IngestFixture(SQS);
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void readsTokensAndHooksFromTheVariables() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", QUEUE,
                "INGEST_TOKENS", " tok-one-0123456789, tok-two-0123456789 ,",
                "INGEST_HOOKS", "{\"" + HOOK_ID + "\":\"C0ALERTS\"}"));

        assertThat(config.credentials().tokens()).containsExactly("tok-one-0123456789", "tok-two-0123456789");
        assertThat(config.credentials().hooks()).containsEntry(HOOK_ID, HookTarget.of("C0ALERTS"));
        assertThat(config.toString()).doesNotContain("tok-one", HOOK_ID);
        assertThat(config.credentials().toString()).isEqualTo("IngestCredentials[2 tokens, 1 hooks]");
    }

    @Test
    void refusesAShortHookIdAtStartUpWithoutQuotingIt() {
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", QUEUE,
                "INGEST_HOOKS", "{\"short-hook-secret\":\"C0ALERTS\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20")
                .hasMessageNotContaining("short-hook-secret");
    }

    @Test
    void refusesCredentialsGivenBothAsASecretAndAsVariables() {
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", QUEUE,
                "INGEST_TOKENS", "tok-one-0123456789", "INGEST_SECRET_ID", "slack-relay/ingest")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void readsTheSecretShape() {
        IngestCredentials credentials = IngestCredentials.fromSecret(SECRET);

        assertThat(credentials.tokens()).containsExactly("tok-one-0123456789");
        assertThat(credentials.hooks()).containsEntry(HOOK_ID, new HookTarget("C0ALERTS", true))
                .containsEntry("other_hook_id_0123456789", HookTarget.of("C0OTHER"));
        assertThatThrownBy(() -> IngestCredentials.fromSecret("{\"tokens\": \"tok-one-0123456789\"}"))
                .hasMessageNotContaining("tok-one");
        assertThatThrownBy(() -> IngestCredentials.fromSecret("tok-one-0123456789"))
                .hasMessageNotContaining("tok-one");
    }

    @Test
    void readsTheSecretOnFirstUseAndAgainAtMostOnceAMinuteForAnUnknownToken() {
        AtomicLong nanos = new AtomicLong();
        try (SecretsManagerStub stub = new SecretsManagerStub(SECRET)) {
            IngestHandler handler = IngestHandler.create(new SecretsManagerSource(stub.client(),
                    SecretsManagerStub.ARN, IngestHandler.SECRET_REFRESH_INTERVAL, nanos::get), ingest.publisher);
            assertThat(stub.reads()).as("nothing read before the first request").isZero();

            assertThat(post(handler, "tok-one-0123456789")).isEqualTo(202);
            assertThat(post(handler, "tok-new-0123456789")).isEqualTo(401);
            stub.rotate(SECRET.replace("tok-one-0123456789", "tok-new-0123456789"));
            assertThat(post(handler, "tok-new-0123456789")).as("within the minute").isEqualTo(401);
            assertThat(stub.reads()).isEqualTo(1);

            nanos.addAndGet(Duration.ofSeconds(61).toNanos());
            assertThat(post(handler, "tok-new-0123456789")).isEqualTo(202);
            assertThat(post(handler, "tok-one-0123456789")).as("rotated out").isEqualTo(401);
            assertThat(stub.reads()).isEqualTo(2);
            assertThat(handler.handle(IngestFixture.request("POST", "/hooks/" + HOOK_ID,
                    "{\"text\":\"<!here> hi\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).status())
                    .isEqualTo(200);
        }
        assertThat(ingest.drain()).extracting(m -> m.body()).containsExactlyInAnyOrder(
                "{\"channel\":\"C1\",\"text\":\"hi\"}", "{\"channel\":\"C1\",\"text\":\"hi\"}",
                "{\"channel\":\"C0ALERTS\",\"text\":\"<!here> hi\",\"mrkdwn\":true}");
    }

    @Test
    void answers503WhenTheSecretCannotBeRead() {
        try (SecretsManagerStub stub = new SecretsManagerStub(SECRET)) {
            IngestHandler handler = IngestHandler.create(new SecretsManagerSource(stub.client(),
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing", Duration.ZERO,
                    System::nanoTime), ingest.publisher);

            assertThat(post(handler, "tok-one-0123456789")).isEqualTo(503);
        }
        assertThat(ingest.drain()).isEmpty();
    }

    private static int post(IngestHandler handler, String token) {
        return handler.handle(IngestFixture.request("POST", "/v1/messages",
                "{\"channel\":\"C1\",\"text\":\"hi\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", "Bearer " + token, "Content-Type", "application/json")).status();
    }
}
