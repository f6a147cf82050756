package dev.slackrelay.publisher;

import dev.slackrelay.queue.SqsText;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * How a {@link SlackRelayPublisher} sends. Immutable and thread-safe.
 *
 * <p>{@link #fromEnvironment()} is the only place the publisher reads the environment ({@value #QUEUE_URL_VARIABLE},
 * {@value #URGENT_QUEUE_URL_VARIABLE}, {@value #FILES_BUCKET_VARIABLE}, {@value #FILES_PREFIX_VARIABLE}); the AWS SDK
 * reads its own settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_S3}, credentials).
 *
 * @param queueUrl          URL of the relay's SQS FIFO queue (ends in {@code .fifo})
 * @param urgentQueueUrl    URL of the relay's urgent FIFO queue (ends in {@code .fifo}), where messages of
 *                          {@link dev.slackrelay.model.Priority#URGENT} go; or {@code null} when there is none
 * @param producer          value of the {@code producer} message attribute, or {@code null} for none
 * @param retryMode         retry mode of the SQS client the publisher creates ({@code STANDARD} by default)
 * @param maxAttempts       attempts per SQS call, including the first, of the client the publisher creates; the SDK
 *                          retries throttling and server errors with backoff
 * @param batchMaxAttempts  attempts per entry of {@link SlackRelayPublisher#publishAll(java.util.List)} that SQS
 *                          reports as failed for a retryable reason, including the first
 * @param batchBackoffBase  delay before the first resend of a failed batch entry; doubled each time, with jitter
 * @param batchBackoffMax   longest delay between resends of a failed batch entry
 * @param filesBucket       the relay's files bucket (the relay's {@code FILES_S3_BUCKET}), or {@code null} for none:
 *                          inline files too large for a message go there, and files given by S3 reference must be
 *                          there; without one, files are sent as given
 * @param filesPrefix       the key prefix under which the relay reads files (its {@code FILES_S3_PREFIX}); empty for
 *                          any key of the bucket, never {@code null}
 */
public record PublisherConfig(
        String queueUrl,
        String urgentQueueUrl,
        String producer,
        RetryMode retryMode,
        int maxAttempts,
        int batchMaxAttempts,
        Duration batchBackoffBase,
        Duration batchBackoffMax,
        String filesBucket,
        String filesPrefix) {

    /** The environment variable {@link #fromEnvironment()} reads the queue URL from. */
    public static final String QUEUE_URL_VARIABLE = "SQS_QUEUE_URL";
    /** The environment variable {@link #fromEnvironment()} reads the urgent queue's URL from, if set. */
    public static final String URGENT_QUEUE_URL_VARIABLE = "SQS_URGENT_QUEUE_URL";
    /** The environment variable {@link #fromEnvironment()} reads the files bucket from, if set (as the relay does). */
    public static final String FILES_BUCKET_VARIABLE = "FILES_S3_BUCKET";
    /** The environment variable {@link #fromEnvironment()} reads the files key prefix from, if set (as the relay does). */
    public static final String FILES_PREFIX_VARIABLE = "FILES_S3_PREFIX";

    /** What S3 accepts as a bucket name (the same rule as an S3 reference of a message's file). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_BATCH_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_BATCH_BACKOFF_BASE = Duration.ofMillis(100);
    public static final Duration DEFAULT_BATCH_BACKOFF_MAX = Duration.ofSeconds(5);

    public PublisherConfig {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("queueUrl is required");
        }
        queueUrl = requireFifo(queueUrl, "queueUrl");
        if (urgentQueueUrl != null) {
            if (urgentQueueUrl.isBlank()) {
                throw new IllegalArgumentException("urgentQueueUrl must not be blank; leave it out for none");
            }
            urgentQueueUrl = requireFifo(urgentQueueUrl, "urgentQueueUrl");
            if (urgentQueueUrl.equals(queueUrl)) {
                throw new IllegalArgumentException("urgentQueueUrl must differ from queueUrl: " + urgentQueueUrl);
            }
        }
        if (producer != null && (producer.isBlank() || !SqsText.isValid(producer))) {
            throw new IllegalArgumentException("producer must be non-blank text that SQS accepts");
        }
        Objects.requireNonNull(retryMode, "retryMode");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (batchMaxAttempts < 1) {
            throw new IllegalArgumentException("batchMaxAttempts must be at least 1");
        }
        requirePositive(batchBackoffBase, "batchBackoffBase");
        requirePositive(batchBackoffMax, "batchBackoffMax");
        if (batchBackoffMax.compareTo(batchBackoffBase) < 0) {
            throw new IllegalArgumentException("batchBackoffMax must not be shorter than batchBackoffBase");
        }
        if (filesBucket != null && !BUCKET.matcher(filesBucket).matches()) {
            throw new IllegalArgumentException("filesBucket must be an S3 bucket name (not an s3:// URI): "
                    + filesBucket);
        }
        filesPrefix = filesPrefix == null ? "" : filesPrefix;
        if (!filesPrefix.isEmpty() && filesBucket == null) {
            throw new IllegalArgumentException("filesPrefix needs filesBucket");
        }
    }

    /** {@code s3://bucket/prefix}: where files may be, or {@code null} without a files bucket. */
    public String filesLocation() {
        return filesBucket == null ? null : "s3://" + filesBucket + "/" + filesPrefix;
    }

    private static String requireFifo(String url, String name) {
        String stripped = url.strip();
        if (!stripped.endsWith(".fifo")) {
            // a standard queue would accept the messages but not keep a channel's order
            throw new IllegalArgumentException(name + " must name a FIFO queue (ending in .fifo): " + stripped);
        }
        return stripped;
    }

    /** A builder with the defaults; {@link Builder#queueUrl(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration for the queue named by {@value #QUEUE_URL_VARIABLE} and, if set, the urgent queue named by
     * {@value #URGENT_QUEUE_URL_VARIABLE} and the files bucket and prefix named by {@value #FILES_BUCKET_VARIABLE} and
     * {@value #FILES_PREFIX_VARIABLE}, with defaults for everything else.
     *
     * @throws IllegalStateException if {@value #QUEUE_URL_VARIABLE} is not set
     */
    public static PublisherConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * As {@link #fromEnvironment()}, reading the given variables instead of the process environment.
     *
     * @throws IllegalStateException if {@value #QUEUE_URL_VARIABLE} is not among them
     */
    public static PublisherConfig fromEnvironment(Map<String, String> environment) {
        String url = environment.get(QUEUE_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(QUEUE_URL_VARIABLE + " is not set: give the URL of the relay's queue");
        }
        return builder().queueUrl(url).urgentQueueUrl(nonBlank(environment, URGENT_QUEUE_URL_VARIABLE))
                .filesBucket(nonBlank(environment, FILES_BUCKET_VARIABLE))
                .filesPrefix(nonBlank(environment, FILES_PREFIX_VARIABLE))
                .build();
    }

    private static String nonBlank(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().queueUrl(queueUrl).urgentQueueUrl(urgentQueueUrl).producer(producer).retryMode(retryMode)
                .maxAttempts(maxAttempts).batchMaxAttempts(batchMaxAttempts).batchBackoffBase(batchBackoffBase)
                .batchBackoffMax(batchBackoffMax).filesBucket(filesBucket)
                .filesPrefix(filesPrefix.isEmpty() ? null : filesPrefix);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Builds {@link PublisherConfig}s. Not thread-safe. */
    public static final class Builder {
        private String queueUrl;
        private String urgentQueueUrl;
        private String producer;
        private RetryMode retryMode = RetryMode.STANDARD;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private int batchMaxAttempts = DEFAULT_BATCH_MAX_ATTEMPTS;
        private Duration batchBackoffBase = DEFAULT_BATCH_BACKOFF_BASE;
        private Duration batchBackoffMax = DEFAULT_BATCH_BACKOFF_MAX;
        private String filesBucket;
        private String filesPrefix;

        private Builder() {
        }

        /**
         * The relay's files bucket (a bucket name, as the relay's {@code FILES_S3_BUCKET}); {@code null} for none.
         * Inline files beyond what one message carries are uploaded there, and files given by S3 reference must be
         * there.
         */
        public Builder filesBucket(String filesBucket) {
            this.filesBucket = filesBucket;
            return this;
        }

        /** The key prefix of the files bucket the relay reads (its {@code FILES_S3_PREFIX}); {@code null} for none. */
        public Builder filesPrefix(String filesPrefix) {
            this.filesPrefix = filesPrefix;
            return this;
        }

        public Builder queueUrl(String queueUrl) {
            this.queueUrl = queueUrl;
            return this;
        }

        /** The urgent FIFO queue, for messages of {@link dev.slackrelay.model.Priority#URGENT}; {@code null} for none. */
        public Builder urgentQueueUrl(String urgentQueueUrl) {
            this.urgentQueueUrl = urgentQueueUrl;
            return this;
        }

        /** Free text sent as the {@code producer} message attribute of every message, e.g. the task's name. */
        public Builder producer(String producer) {
            this.producer = producer;
            return this;
        }

        public Builder retryMode(RetryMode retryMode) {
            this.retryMode = retryMode;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder batchMaxAttempts(int batchMaxAttempts) {
            this.batchMaxAttempts = batchMaxAttempts;
            return this;
        }

        public Builder batchBackoffBase(Duration batchBackoffBase) {
            this.batchBackoffBase = batchBackoffBase;
            return this;
        }

        public Builder batchBackoffMax(Duration batchBackoffMax) {
            this.batchBackoffMax = batchBackoffMax;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the queue URL is missing, a queue URL is not a FIFO queue, or a value is
         *                                  out of range
         */
        public PublisherConfig build() {
            return new PublisherConfig(queueUrl, urgentQueueUrl, producer, retryMode, maxAttempts, batchMaxAttempts,
                    batchBackoffBase, batchBackoffMax, filesBucket, filesPrefix);
        }
    }
}
