package dev.slackrelay.relay.internal.secrets;

import dev.slackrelay.relay.RelayClock;
import java.time.Duration;
import java.util.Objects;
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
    private final RelayClock clock;
    private String value;
    private long lastReadNanos;

    public SecretsManagerSource(SecretsManagerClient client, String secretId, Duration minRefreshInterval,
                                RelayClock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
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
        if (value != null && clock.nanoTime() - lastReadNanos < minRefreshNanos) {
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
        lastReadNanos = clock.nanoTime();
    }

    @Override
    public String toString() {
        return "SecretsManagerSource[" + secretId + "]";
    }
}
