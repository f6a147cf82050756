package dev.slackrelay.ingest;

import dev.slackrelay.publisher.PublisherConfig;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ingest hosts read from their environment, read in this one place.
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

    public IngestConfig {
        Objects.requireNonNull(publisher, "publisher");
    }

    /** The configuration of the process environment. */
    public static IngestConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The configuration of the given variables.
     *
     * @throws IllegalStateException if {@code SQS_QUEUE_URL} is not set
     */
    public static IngestConfig fromEnvironment(Map<String, String> environment) {
        return new IngestConfig(PublisherConfig.fromEnvironment(environment), blankToNull(environment.get(TOKENS_VARIABLE)),
                blankToNull(environment.get(HOOKS_VARIABLE)), blankToNull(environment.get(SECRET_VARIABLE)),
                blankToNull(environment.get(ALARM_CHANNEL_VARIABLE)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
