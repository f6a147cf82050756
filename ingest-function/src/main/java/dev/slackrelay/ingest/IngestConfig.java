package dev.slackrelay.ingest;

import dev.slackrelay.publisher.PublisherConfig;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ingest hosts read from their environment, read in this one place. Immutable and thread-safe;
 * {@link #toString()} hides the tokens and hooks.
 *
 * <p>Credentials come either from {@value #SECRET_VARIABLE} (deployed) or from {@value #TOKENS_VARIABLE} and
 * {@value #HOOKS_VARIABLE} (local), not both; malformed ones (a hook ID shorter than
 * {@value IngestCredentials#MIN_HOOK_ID_LENGTH} characters, say) are refused here, at start-up.
 *
 * @param publisher    where accepted messages go ({@code SQS_QUEUE_URL}, {@code SQS_URGENT_QUEUE_URL})
 * @param tokens       {@value #TOKENS_VARIABLE}: comma-separated bearer tokens of {@code POST /v1/messages}, or
 *                     {@code null}
 * @param hooks        {@value #HOOKS_VARIABLE}: JSON object mapping hook IDs to channels, or {@code null}
 * @param secretId     {@value #SECRET_VARIABLE}: the Secrets Manager secret holding tokens and hooks (deployed), or
 *                     {@code null}
 * @param alarmChannel {@value #ALARM_CHANNEL_VARIABLE}: the channel SNS / CloudWatch alarm notifications go to, or
 *                     {@code null}
 */
public record IngestConfig(PublisherConfig publisher, String tokens, String hooks, String secretId,
                           String alarmChannel) {

    public static final String TOKENS_VARIABLE = "INGEST_TOKENS";
    public static final String HOOKS_VARIABLE = "INGEST_HOOKS";
    public static final String SECRET_VARIABLE = "INGEST_SECRET_ID";
    public static final String ALARM_CHANNEL_VARIABLE = "ALARM_CHANNEL";

    /** @throws IllegalArgumentException if the tokens or hooks are malformed, or given beside a secret */
    public IngestConfig {
        Objects.requireNonNull(publisher, "publisher");
        if (secretId != null && (tokens != null || hooks != null)) {
            throw new IllegalArgumentException("set either " + SECRET_VARIABLE + " or " + TOKENS_VARIABLE + "/"
                    + HOOKS_VARIABLE + ", not both");
        }
        IngestCredentials.fromVariables(tokens, hooks);
    }

    /**
     * The credentials of {@value #TOKENS_VARIABLE} and {@value #HOOKS_VARIABLE}; {@link IngestCredentials#NONE}
     * when neither is set.
     */
    public IngestCredentials credentials() {
        return IngestCredentials.fromVariables(tokens, hooks);
    }

    /** The configuration of the process environment. */
    public static IngestConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The configuration of the given variables.
     *
     * @throws IllegalStateException    if {@code SQS_QUEUE_URL} is not set
     * @throws IllegalArgumentException if the credentials are malformed or given twice
     */
    public static IngestConfig fromEnvironment(Map<String, String> environment) {
        return new IngestConfig(PublisherConfig.fromEnvironment(environment), blankToNull(environment.get(TOKENS_VARIABLE)),
                blankToNull(environment.get(HOOKS_VARIABLE)), blankToNull(environment.get(SECRET_VARIABLE)),
                blankToNull(environment.get(ALARM_CHANNEL_VARIABLE)));
    }

    /** The configuration without the tokens and hooks. */
    @Override
    public String toString() {
        return "IngestConfig[publisher=" + publisher + ", tokens=" + (tokens == null ? "none" : "(hidden)")
                + ", hooks=" + (hooks == null ? "none" : "(hidden)") + ", secretId=" + secretId + ", alarmChannel="
                + alarmChannel + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
