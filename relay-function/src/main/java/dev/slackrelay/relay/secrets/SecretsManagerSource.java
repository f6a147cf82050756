package dev.slackrelay.relay.secrets;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret in AWS Secrets Manager, fetched on first use and cached for the life of the execution environment;
 * {@link #refresh()} re-reads it at most once per {@code minRefreshInterval}, so a revoked token does not turn every
 * message into a Secrets Manager call. Thread-safe.
 */
public final class SecretsManagerSource implements SecretSource {

    private final SecretsManagerClient client;
    private final String secretId;
    private final long minRefreshNanos;
    private final LongSupplier nanoTime;
    private String value;
    private long lastReadNanos;

    public SecretsManagerSource(SecretsManagerClient client, String secretId, Duration minRefreshInterval) {
        this(client, secretId, minRefreshInterval, System::nanoTime);
    }

    SecretsManagerSource(SecretsManagerClient client, String secretId, Duration minRefreshInterval,
                         LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized String get() {
        if (value == null) {
            read();
        }
        return value;
    }

    @Override
    public synchronized boolean refresh() {
        if (value != null && nanoTime.getAsLong() - lastReadNanos < minRefreshNanos) {
            return false;
        }
        String before = value;
        read();
        return !value.equals(before);
    }

    private void read() {
        String secret = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("secret " + secretId + " has no SecretString");
        }
        value = secret;
        lastReadNanos = nanoTime.getAsLong();
    }

    @Override
    public String toString() {
        return "SecretsManagerSource[" + secretId + "]";
    }
}
