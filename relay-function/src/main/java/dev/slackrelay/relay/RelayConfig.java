package dev.slackrelay.relay;

import dev.slackrelay.queue.SqsLimits;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the relay is configured with. Immutable and thread-safe. {@link #fromEnvironment()} is the only place
 * the relay reads environment variables; the AWS SDK reads its own ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL_SQS}, credentials).
 *
 * <p>Exactly one Slack transport is configured: a bot token ({@code SLACK_BOT_TOKEN} or
 * {@code SLACK_BOT_TOKEN_SECRET_ARN}) for the Web API, or a channel → incoming-webhook map
 * ({@code SLACK_WEBHOOKS} or {@code SLACK_WEBHOOKS_SECRET_ARN}).
 */
public record RelayConfig(
        String queueUrl,
        String urgentQueueUrl,
        String deadLetterQueueUrl,
        String slackBotToken,
        String slackBotTokenSecretArn,
        String slackWebhooks,
        String slackWebhooksSecretArn,
        URI slackApiUrl,
        Duration channelInterval,
        Duration backoffBase,
        Duration backoffCap,
        int maxReceiveCount,
        Duration slackTimeout,
        String metricsNamespace,
        String metricsService,
        int messagesPerPost,
        String filesBucket,
        String filesPrefix,
        long filesMaxBytes) {

    public static final Duration DEFAULT_CHANNEL_INTERVAL = Duration.ofMillis(1000);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_RECEIVE_COUNT = 100;
    public static final Duration DEFAULT_SLACK_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_METRICS_NAMESPACE = "SlackRelay";
    public static final String DEFAULT_METRICS_SERVICE = "slack-relay";
    /** One post per message: no digests. */
    public static final int DEFAULT_MESSAGES_PER_POST = 1;
    /** The largest file the relay reads from S3 and uploads: it holds one file in memory at a time. */
    public static final long DEFAULT_FILES_MAX_BYTES = 50L * 1024 * 1024;
    /** The most messages one post may carry: the largest batch an SQS FIFO event source delivers. */
    public static final int MAX_MESSAGES_PER_POST = 10;

    /** The environment variables the relay reads (see the README's configuration table). */
    public static final String SQS_QUEUE_URL = "SQS_QUEUE_URL";
    public static final String SQS_URGENT_QUEUE_URL = "SQS_URGENT_QUEUE_URL";
    public static final String SQS_DLQ_URL = "SQS_DLQ_URL";
    public static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String SLACK_BOT_TOKEN_SECRET_ARN = "SLACK_BOT_TOKEN_SECRET_ARN";
    public static final String SLACK_WEBHOOKS = "SLACK_WEBHOOKS";
    public static final String SLACK_WEBHOOKS_SECRET_ARN = "SLACK_WEBHOOKS_SECRET_ARN";
    public static final String SLACK_API_URL = "SLACK_API_URL";
    public static final String CHANNEL_INTERVAL_MS = "CHANNEL_INTERVAL_MS";
    public static final String BACKOFF_CAP_SECONDS = "BACKOFF_CAP_SECONDS";
    public static final String MAX_RECEIVE_COUNT = "MAX_RECEIVE_COUNT";
    public static final String SLACK_TIMEOUT_MS = "SLACK_TIMEOUT_MS";
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    public static final String METRICS_SERVICE = "METRICS_SERVICE";
    public static final String MESSAGES_PER_POST = "MESSAGES_PER_POST";
    public static final String FILES_S3_BUCKET = "FILES_S3_BUCKET";
    public static final String FILES_S3_PREFIX = "FILES_S3_PREFIX";
    public static final String FILES_MAX_BYTES = "FILES_MAX_BYTES";

    public RelayConfig {
        require(queueUrl, SQS_QUEUE_URL);
        require(deadLetterQueueUrl, SQS_DLQ_URL);
        if (urgentQueueUrl != null && urgentQueueUrl.equals(queueUrl)) {
            throw new IllegalArgumentException(SQS_URGENT_QUEUE_URL + " must name another queue than " + SQS_QUEUE_URL);
        }
        int tokens = count(slackBotToken, slackBotTokenSecretArn);
        int hooks = count(slackWebhooks, slackWebhooksSecretArn);
        if (tokens + hooks != 1) {
            throw new IllegalArgumentException("set exactly one of SLACK_BOT_TOKEN, SLACK_BOT_TOKEN_SECRET_ARN,"
                    + " SLACK_WEBHOOKS, SLACK_WEBHOOKS_SECRET_ARN (" + (tokens + hooks) + " are set)");
        }
        if (channelInterval == null || channelInterval.isNegative()) {
            throw new IllegalArgumentException(CHANNEL_INTERVAL_MS + " must be 0 or more");
        }
        positive(backoffBase, "backoff base");
        positive(backoffCap, BACKOFF_CAP_SECONDS);
        positive(slackTimeout, SLACK_TIMEOUT_MS);
        if (backoffCap.compareTo(SqsLimits.MAX_VISIBILITY) > 0) {
            // SQS hides a message for at most this long, so no retry can be scheduled further out
            throw new IllegalArgumentException(BACKOFF_CAP_SECONDS + " must be at most "
                    + SqsLimits.MAX_VISIBILITY.toSeconds());
        }
        if (maxReceiveCount < 1) {
            throw new IllegalArgumentException(MAX_RECEIVE_COUNT + " must be 1 or more");
        }
        if (messagesPerPost < 1 || messagesPerPost > MAX_MESSAGES_PER_POST) {
            throw new IllegalArgumentException(MESSAGES_PER_POST + " must be 1.." + MAX_MESSAGES_PER_POST
                    + ", not " + messagesPerPost);
        }
        filesPrefix = filesPrefix == null ? "" : filesPrefix;
        if (filesMaxBytes < 1) {
            throw new IllegalArgumentException(FILES_MAX_BYTES + " must be 1 or more");
        }
        Objects.requireNonNull(metricsNamespace, "metricsNamespace");
        Objects.requireNonNull(metricsService, "metricsService");
    }

    /** Reads the configuration from this process's environment variables. */
    public static RelayConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the configuration from a map of environment variables (see the README's configuration table).
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static RelayConfig fromEnvironment(Map<String, String> env) {
        return builder()
                .queueUrl(get(env, SQS_QUEUE_URL))
                .urgentQueueUrl(get(env, SQS_URGENT_QUEUE_URL))
                .deadLetterQueueUrl(get(env, SQS_DLQ_URL))
                .slackBotToken(get(env, SLACK_BOT_TOKEN))
                .slackBotTokenSecretArn(get(env, SLACK_BOT_TOKEN_SECRET_ARN))
                .slackWebhooks(get(env, SLACK_WEBHOOKS))
                .slackWebhooksSecretArn(get(env, SLACK_WEBHOOKS_SECRET_ARN))
                .slackApiUrl(Optional.ofNullable(get(env, SLACK_API_URL)).map(RelayConfig::apiUrl).orElse(null))
                .channelInterval(Duration.ofMillis(number(env, CHANNEL_INTERVAL_MS,
                        DEFAULT_CHANNEL_INTERVAL.toMillis())))
                .backoffCap(Duration.ofSeconds(number(env, BACKOFF_CAP_SECONDS, DEFAULT_BACKOFF_CAP.toSeconds())))
                .maxReceiveCount((int) number(env, MAX_RECEIVE_COUNT, DEFAULT_MAX_RECEIVE_COUNT))
                .slackTimeout(Duration.ofMillis(number(env, SLACK_TIMEOUT_MS, DEFAULT_SLACK_TIMEOUT.toMillis())))
                .metricsNamespace(Optional.ofNullable(get(env, METRICS_NAMESPACE)).orElse(DEFAULT_METRICS_NAMESPACE))
                .metricsService(Optional.ofNullable(get(env, METRICS_SERVICE)).orElse(DEFAULT_METRICS_SERVICE))
                .messagesPerPost((int) number(env, MESSAGES_PER_POST, DEFAULT_MESSAGES_PER_POST))
                .filesBucket(get(env, FILES_S3_BUCKET))
                .filesPrefix(get(env, FILES_S3_PREFIX))
                .filesMaxBytes(number(env, FILES_MAX_BYTES, DEFAULT_FILES_MAX_BYTES))
                .build();
    }

    /**
     * The environment variables that {@link #fromEnvironment(Map)} reads this configuration back from, for starting
     * a relay process (the standalone poller) configured like this one. The backoff base has no variable: a process
     * gets the default. Contains the inline token or webhook map, if that is how this configuration authenticates.
     */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SQS_QUEUE_URL, queueUrl);
        putIfSet(env, SQS_URGENT_QUEUE_URL, urgentQueueUrl);
        env.put(SQS_DLQ_URL, deadLetterQueueUrl);
        putIfSet(env, SLACK_BOT_TOKEN, slackBotToken);
        putIfSet(env, SLACK_BOT_TOKEN_SECRET_ARN, slackBotTokenSecretArn);
        putIfSet(env, SLACK_WEBHOOKS, slackWebhooks);
        putIfSet(env, SLACK_WEBHOOKS_SECRET_ARN, slackWebhooksSecretArn);
        putIfSet(env, SLACK_API_URL, slackApiUrl == null ? null : slackApiUrl.toString());
        env.put(CHANNEL_INTERVAL_MS, Long.toString(channelInterval.toMillis()));
        env.put(BACKOFF_CAP_SECONDS, Long.toString(backoffCap.toSeconds()));
        env.put(MAX_RECEIVE_COUNT, Integer.toString(maxReceiveCount));
        env.put(SLACK_TIMEOUT_MS, Long.toString(slackTimeout.toMillis()));
        env.put(METRICS_NAMESPACE, metricsNamespace);
        env.put(METRICS_SERVICE, metricsService);
        env.put(MESSAGES_PER_POST, Integer.toString(messagesPerPost));
        putIfSet(env, FILES_S3_BUCKET, filesBucket);
        putIfSet(env, FILES_S3_PREFIX, filesPrefix.isEmpty() ? null : filesPrefix);
        env.put(FILES_MAX_BYTES, Long.toString(filesMaxBytes));
        return env;
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().queueUrl(queueUrl).urgentQueueUrl(urgentQueueUrl).deadLetterQueueUrl(deadLetterQueueUrl)
                .slackBotToken(slackBotToken)
                .slackBotTokenSecretArn(slackBotTokenSecretArn).slackWebhooks(slackWebhooks)
                .slackWebhooksSecretArn(slackWebhooksSecretArn).slackApiUrl(slackApiUrl)
                .channelInterval(channelInterval).backoffBase(backoffBase).backoffCap(backoffCap)
                .maxReceiveCount(maxReceiveCount).slackTimeout(slackTimeout).metricsNamespace(metricsNamespace)
                .metricsService(metricsService).messagesPerPost(messagesPerPost).filesBucket(filesBucket)
                .filesPrefix(filesPrefix.isEmpty() ? null : filesPrefix).filesMaxBytes(filesMaxBytes);
    }


    /** Whether messages go to incoming webhooks rather than {@code chat.postMessage}. */
    public boolean usesWebhooks() {
        return slackWebhooks != null || slackWebhooksSecretArn != null;
    }

    /** Hides the secrets. */
    @Override
    public String toString() {
        return "RelayConfig[queueUrl=" + queueUrl + ", urgentQueueUrl=" + urgentQueueUrl
                + ", deadLetterQueueUrl=" + deadLetterQueueUrl
                + ", transport=" + (usesWebhooks() ? "webhooks" : "web-api")
                + ", secret=" + (slackBotTokenSecretArn != null ? slackBotTokenSecretArn
                : slackWebhooksSecretArn != null ? slackWebhooksSecretArn : "(inline, hidden)")
                + ", slackApiUrl=" + slackApiUrl + ", channelInterval=" + channelInterval
                + ", backoffBase=" + backoffBase + ", backoffCap=" + backoffCap
                + ", maxReceiveCount=" + maxReceiveCount + ", slackTimeout=" + slackTimeout
                + ", messagesPerPost=" + messagesPerPost
                + ", files=" + (filesBucket == null ? "inline only" : "s3://" + filesBucket + "/" + filesPrefix)
                + ", filesMaxBytes=" + filesMaxBytes + "]";
    }

    private static URI apiUrl(String value) {
        String url = value.endsWith("/") ? value : value + "/";
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SLACK_API_URL + " is not a URL", e);
        }
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = get(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static int count(String a, String b) {
        return (a != null ? 1 : 0) + (b != null ? 1 : 0);
    }

    /** Builds {@link RelayConfig}s; defaults as documented. Not thread-safe. */
    public static final class Builder {
        private String queueUrl;
        private String urgentQueueUrl;
        private String deadLetterQueueUrl;
        private String slackBotToken;
        private String slackBotTokenSecretArn;
        private String slackWebhooks;
        private String slackWebhooksSecretArn;
        private URI slackApiUrl;
        private Duration channelInterval = DEFAULT_CHANNEL_INTERVAL;
        private Duration backoffBase = DEFAULT_BACKOFF_BASE;
        private Duration backoffCap = DEFAULT_BACKOFF_CAP;
        private int maxReceiveCount = DEFAULT_MAX_RECEIVE_COUNT;
        private Duration slackTimeout = DEFAULT_SLACK_TIMEOUT;
        private String metricsNamespace = DEFAULT_METRICS_NAMESPACE;
        private String metricsService = DEFAULT_METRICS_SERVICE;
        private int messagesPerPost = DEFAULT_MESSAGES_PER_POST;
        private String filesBucket;
        private String filesPrefix;
        private long filesMaxBytes = DEFAULT_FILES_MAX_BYTES;

        private Builder() {
        }

        public Builder queueUrl(String v) {
            queueUrl = v;
            return this;
        }

        /** The urgent queue's URL, or {@code null} when there is none; the relay changes visibility there too. */
        public Builder urgentQueueUrl(String v) {
            urgentQueueUrl = v;
            return this;
        }

        public Builder deadLetterQueueUrl(String v) {
            deadLetterQueueUrl = v;
            return this;
        }

        public Builder slackBotToken(String v) {
            slackBotToken = v;
            return this;
        }

        public Builder slackBotTokenSecretArn(String v) {
            slackBotTokenSecretArn = v;
            return this;
        }

        /** A JSON object mapping channel to incoming-webhook URL. */
        public Builder slackWebhooks(String v) {
            slackWebhooks = v;
            return this;
        }

        public Builder slackWebhooksSecretArn(String v) {
            slackWebhooksSecretArn = v;
            return this;
        }

        /** Web API base URL such as {@code http://127.0.0.1:9000/api/}; {@code null} for Slack itself. */
        public Builder slackApiUrl(URI v) {
            slackApiUrl = v;
            return this;
        }

        public Builder channelInterval(Duration v) {
            channelInterval = v;
            return this;
        }

        public Builder backoffBase(Duration v) {
            backoffBase = v;
            return this;
        }

        public Builder backoffCap(Duration v) {
            backoffCap = v;
            return this;
        }

        public Builder maxReceiveCount(int v) {
            maxReceiveCount = v;
            return this;
        }

        public Builder slackTimeout(Duration v) {
            slackTimeout = v;
            return this;
        }

        public Builder metricsNamespace(String v) {
            metricsNamespace = v;
            return this;
        }

        public Builder metricsService(String v) {
            metricsService = v;
            return this;
        }

        /**
         * How many queued messages of one channel one post may carry (1..10; 1: one post per message). The host
         * receives batches of this size; consecutive messages of a channel that can share a post are folded into a
         * digest.
         */
        public Builder messagesPerPost(int v) {
            messagesPerPost = v;
            return this;
        }

        /** The S3 bucket whose objects messages may name as files ({@code s3://bucket/key}); {@code null}: none. */
        public Builder filesBucket(String v) {
            filesBucket = v;
            return this;
        }

        /** The key prefix those objects must have ({@code null} or empty: any key of the bucket). */
        public Builder filesPrefix(String v) {
            filesPrefix = v;
            return this;
        }

        /** The largest file read from S3, in bytes; a larger one is dead-lettered. */
        public Builder filesMaxBytes(long v) {
            filesMaxBytes = v;
            return this;
        }

        public RelayConfig build() {
            return new RelayConfig(queueUrl, urgentQueueUrl, deadLetterQueueUrl, slackBotToken, slackBotTokenSecretArn,
                    slackWebhooks, slackWebhooksSecretArn, slackApiUrl, channelInterval, backoffBase, backoffCap,
                    maxReceiveCount, slackTimeout, metricsNamespace, metricsService, messagesPerPost, filesBucket,
                    filesPrefix, filesMaxBytes);
        }
    }
}
