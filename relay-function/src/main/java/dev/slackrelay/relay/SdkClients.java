package dev.slackrelay.relay;

import dev.slackrelay.secrets.SecretsManagerSource;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK clients configured from the SDK's standard sources ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL_S3}, credentials), on the lightweight URL-connection HTTP client with the
 * SDK's standard retries: what the relay uses by default, and what a host (the standalone poller) builds its own
 * SQS client with. Stateless; each call builds a new, thread-safe client that the caller owns.
 */
public final class SdkClients {

    private SdkClients() {
    }

    /** A new SQS client. */
    public static SqsClient sqs() {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** A new S3 client, for the files messages name by S3 reference. */
    public static S3Client s3() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** A new Secrets Manager client ({@link SecretsManagerSource#defaultClient()}). */
    public static SecretsManagerClient secretsManager() {
        return SecretsManagerSource.defaultClient();
    }
}
