package dev.slackrelay.relay.internal.slack;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Classifies a failure to read the token or webhook secret. */
final class SecretFailures {

    private SecretFailures() {
    }

    static SlackOutcome classify(RuntimeException e) {
        if (e instanceof AwsServiceException aws && !aws.retryable() && !aws.isThrottlingException()
                && aws.statusCode() < 500) {
            // access denied, no such secret: every message would fail until the configuration is fixed
            String code = aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : "secret_error";
            return new SlackOutcome.ConfigurationError("secret_" + code, Duration.ZERO);
        }
        if (e instanceof SdkException) {
            return new SlackOutcome.Transient("secret_unavailable", Redaction.describe(e), Duration.ZERO);
        }
        // the secret was read but is malformed
        return new SlackOutcome.ConfigurationError("secret_malformed", Duration.ZERO);
    }
}
