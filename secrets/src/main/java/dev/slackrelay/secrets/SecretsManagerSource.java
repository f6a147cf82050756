package dev.slackrelay.secrets;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret in AWS Secrets Manager, fetched on first use and cached for the life of the execution environment;
 * {@link #refresh()} re-reads it at most once per {@code minRefreshInterval}, so a revoked token does not turn every
 * request into a Secrets Manager call. Thread-safe.
 */
public final class SecretsManagerSource implements SecretSource {

    private final SecretsManagerClient client;
    private final String secretId;
    private final long minRefreshNanos;
    private final LongSupplier nanoTime;
    private String value;
    private long lastReadNanos;

    /**
     * @param client             the client to read with; the caller keeps ownership
     * @param secretId           the secret's ARN or name
     * @param minRefreshInterval least time between two reads
     * @param nanoTime           a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public SecretsManagerSource(SecretsManagerClient client, String secretId, Duration minRefreshInterval,
                                LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A new Secrets Manager client configured from the SDK's standard sources ({@code AWS_REGION},
     * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, credentials), on the URL-connection HTTP client with the SDK's
     * standard retries. Thread-safe; the caller owns it.
     */
    public static SecretsManagerClient defaultClient() {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
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
