package dev.slackrelay.publisher;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.publisher.internal.BatchSender;
import dev.slackrelay.publisher.internal.Envelope;
import dev.slackrelay.publisher.internal.EnvelopeFactory;
import dev.slackrelay.publisher.internal.FileOffloader;
import dev.slackrelay.publisher.internal.FilePlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Queues Slack messages for the relay: validates and render-checks each message, then sends it to the relay's SQS
 * FIFO queue with the channel as {@code MessageGroupId}, so the relay posts each channel's messages in order.
 *
 * <pre>{@code
 * try (SlackRelayPublisher publisher = SlackRelayPublisher.create()) {   // queue URL from SQS_QUEUE_URL
 *     publisher.publish(SlackMessage.builder("C0123456789").title("Export done").body("42 files").build(),
 *             "export-2024-06-01");                                     // idempotency key
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance may be shared by all threads of a process (and should be: it holds an SQS client
 * with its connection pool). {@link #close()} closes the SQS client only if this publisher created it.
 *
 * <p>A message of {@link Priority#URGENT} goes to the urgent queue ({@link PublisherConfig#urgentQueueUrl()}, from
 * {@code SQS_URGENT_QUEUE_URL}), also with the channel as group, so the relay posts it without waiting for the
 * channel's backlog on the main queue; without an urgent queue such a message is refused with
 * {@link IllegalStateException} before anything is sent.
 *
 * <p>A message that is invalid, too large for SQS, or given a malformed option is rejected with
 * {@link InvalidMessageException} before any network call. SQS throttling and server errors of a call are
 * retried by the SDK (see {@link PublisherConfig#maxAttempts()}).
 *
 * <p>Files: with a files bucket ({@link PublisherConfig#filesBucket()}, from {@code FILES_S3_BUCKET} and
 * {@code FILES_S3_PREFIX}), inline files beyond {@link dev.slackrelay.model.SlackLimits#INLINE_FILES_MAX_BYTES} per
 * message are uploaded there, largest first, to {@code <prefix><random UUID>/<name>} until the rest fits, and the
 * message is queued naming them by S3 reference; an S3 reference outside the bucket and prefix is refused with
 * {@link InvalidMessageException} before any network call; if an upload fails, the message is not queued
 * ({@link FileUploadException}). Without a files bucket, files are sent as given (and too many inline bytes are
 * refused). {@link #close()} closes the S3 client only if this publisher created it.
 */
public final class SlackRelayPublisher implements AutoCloseable {

    private final PublisherConfig config;
    private final SqsClient sqs;
    private final boolean ownsClient;
    private final EnvelopeFactory envelopes;
    private final BatchSender batches;
    /** Sends to the urgent queue; {@code null} when there is none. */
    private final BatchSender urgentBatches;
    /** Uploads files to the files bucket; {@code null} when there is none. */
    private final S3Client s3;
    private final boolean ownsS3;
    private final FileOffloader files;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SlackRelayPublisher(PublisherConfig config, SqsClient sqs, boolean ownsClient, S3Client s3,
                                boolean ownsS3) {
        this.config = config;
        this.sqs = sqs;
        this.ownsClient = ownsClient;
        this.s3 = s3;
        this.ownsS3 = ownsS3;
        this.files = new FileOffloader(s3, config.filesBucket(), config.filesPrefix(), UUID::randomUUID);
        this.envelopes = new EnvelopeFactory(config.producer());
        this.batches = batchSender(sqs, config.queueUrl(), config);
        this.urgentBatches = config.urgentQueueUrl() == null ? null
                : batchSender(sqs, config.urgentQueueUrl(), config);
    }

    private static BatchSender batchSender(SqsClient sqs, String queueUrl, PublisherConfig config) {
        return new BatchSender(sqs, queueUrl, config.batchMaxAttempts(), config.batchBackoffBase(),
                config.batchBackoffMax());
    }

    /**
     * A publisher for the queue named by {@code SQS_QUEUE_URL} (and the urgent queue named by
     * {@code SQS_URGENT_QUEUE_URL}, if set), with its own SQS client configured by the SDK's
     * usual sources ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SQS}, the default credentials chain).
     *
     * @throws IllegalStateException if {@code SQS_QUEUE_URL} is not set
     */
    public static SlackRelayPublisher create() {
        return builder().config(PublisherConfig.fromEnvironment()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This publisher's configuration. */
    public PublisherConfig config() {
        return config;
    }

    /**
     * Queues one message with a fresh deduplication ID.
     *
     * @throws InvalidMessageException if the message is invalid or too large; nothing is sent
     * @throws IllegalStateException   if the message is urgent and there is no urgent queue; nothing is sent
     * @throws FileUploadException     if a file could not be uploaded to the files bucket; nothing is queued
     * @throws SdkException            if SQS refused the message or could not be reached, after the SDK's retries
     */
    public PublishReceipt publish(SlackMessage message) {
        return publish(message, PublishOptions.NONE);
    }

    /**
     * Queues one message with an idempotency key: publishing the same key again within SQS's five-minute
     * deduplication window queues nothing new (the relay posts it once).
     *
     * @param idempotencyKey 1–128 printable ASCII characters without spaces, or {@code null} for none
     * @throws InvalidMessageException if the message or the key is invalid; nothing is sent
     * @throws IllegalStateException   if the message is urgent and there is no urgent queue; nothing is sent
     * @throws FileUploadException     if a file could not be uploaded to the files bucket; nothing is queued
     * @throws SdkException            if SQS refused the message or could not be reached, after the SDK's retries
     */
    public PublishReceipt publish(SlackMessage message, String idempotencyKey) {
        return publish(message, PublishOptions.withIdempotencyKey(idempotencyKey));
    }

    /**
     * Queues one message with the given options.
     *
     * @throws InvalidMessageException naming each offending field if the message or an option is invalid or the
     *                                 message is too large for SQS, or a file's S3 reference is outside the files
     *                                 bucket; nothing is sent
     * @throws IllegalStateException   if the message is urgent and there is no urgent queue; nothing is sent
     * @throws FileUploadException     if a file could not be uploaded to the files bucket; nothing is queued
     * @throws SdkException            if SQS refused the message or could not be reached, after the SDK's retries
     */
    public PublishReceipt publish(SlackMessage message, PublishOptions options) {
        ensureOpen();
        Objects.requireNonNull(message, "message");
        String queueUrl = queueUrl(message.priority());
        Prepared prepared = prepare(0, message, options);
        files.upload(prepared.files());
        Envelope envelope = prepared.envelope();
        // the SDK resends this same request on retry, so the deduplication ID is the same on every attempt
        SendMessageResponse response = sqs.sendMessage(envelope.toRequest(queueUrl));
        return new PublishReceipt(response.messageId(), response.sequenceNumber(), envelope.deduplicationId());
    }

    /**
     * What publishing {@code message} with {@code options} would refuse, without sending anything: every violation
     * {@link #publish(SlackMessage, PublishOptions)} reports with {@link InvalidMessageException}, and one on
     * {@code priority} for an urgent message when there is no urgent queue. For a caller that queues all of a request
     * or none of it (the HTTP ingestion checks every message before publishing any).
     *
     * @param options the options to publish with, or {@code null} for none
     * @return every violation, in field order; empty when publishing would send the message
     */
    public List<Violation> violations(SlackMessage message, PublishOptions options) {
        Objects.requireNonNull(message, "message");
        List<Violation> violations = new ArrayList<>();
        try {
            prepare(0, message, options);
        } catch (InvalidMessageException e) {
            violations.addAll(e.violations());
        }
        if (message.priority() == Priority.URGENT && config.urgentQueueUrl() == null) {
            violations.add(new Violation("priority", Violation.Code.INVALID,
                    "is urgent, and this relay has no urgent queue"));
        }
        return violations;
    }

    /**
     * Queues many messages with {@code SendMessageBatch}, each with a fresh deduplication ID.
     *
     * @return one result per message, in the order given
     * @see #publishAll(List, List, Consumer)
     */
    public List<PublishResult> publishAll(List<SlackMessage> messages) {
        return publishAll(messages, null, null);
    }

    /**
     * Queues many messages with per-message options (idempotency key, trace context).
     *
     * @param options one per message, or {@code null}; a {@code null} element means no options
     * @return one result per message, in the order given
     * @see #publishAll(List, List, Consumer)
     */
    public List<PublishResult> publishAll(List<SlackMessage> messages, List<PublishOptions> options) {
        return publishAll(messages, options, null);
    }

    /**
     * Queues many messages with {@code SendMessageBatch} (at most ten and 1 MiB per call) and reports each
     * message's outcome; it throws only for a programming or configuration error (a {@code null} message,
     * mismatched lists, an urgent message without an urgent queue), and then before anything is sent.
     *
     * <ul>
     *   <li>Invalid messages are {@link PublishResult.Rejected} without being sent; the others are still sent.</li>
     *   <li>Entries SQS fails for a retryable reason are resent with capped exponential backoff, up to
     *       {@link PublisherConfig#batchMaxAttempts()} attempts; entries that succeeded are never resent.</li>
     *   <li>Each channel's messages reach the queue in the order given. A message that finally fails holds back
     *       the later messages of its channel ({@link PublishResult.Failed#PRECEDING_MESSAGE_FAILED}), so that
     *       publishing the failed messages again, in order, keeps the channel's order. To that end one call
     *       carries at most one message per channel: a list for a single channel costs one call per message.</li>
     *   <li>Urgent messages go to the urgent queue, before the normal ones go to the main queue; the order above
     *       holds within each queue (a failed urgent message holds back only later urgent messages).</li>
     *   <li>With a files bucket, each message's files are uploaded before anything is sent, in list order; a message
     *       whose upload fails is {@link PublishResult.Failed} with {@link PublishResult.Failed#FILE_UPLOAD_FAILED}
     *       and holds back the later messages of its channel the same way.</li>
     * </ul>
     *
     * @param options  one per message, or {@code null}; a {@code null} element means no options
     * @param onResult called on the calling thread with each result as soon as it is final (not in list order),
     *                 e.g. to show progress; or {@code null}
     * @return one result per message, in the order given
     * @throws IllegalStateException if a message is urgent and there is no urgent queue; nothing is sent
     */
    public List<PublishResult> publishAll(List<SlackMessage> messages, List<PublishOptions> options,
                                          Consumer<? super PublishResult> onResult) {
        ensureOpen();
        Objects.requireNonNull(messages, "messages");
        if (options != null && options.size() != messages.size()) {
            throw new IllegalArgumentException("options must hold one element per message: " + options.size()
                    + " options for " + messages.size() + " messages");
        }
        for (SlackMessage message : messages) {
            queueUrl(Objects.requireNonNull(message, () -> "messages contains null").priority());
        }
        PublishResult[] results = new PublishResult[messages.size()];
        Consumer<PublishResult> sink = result -> {
            results[result.index()] = result;
            if (onResult != null) {
                onResult.accept(result);
            }
        };
        List<Envelope> normal = new ArrayList<>(messages.size());
        List<Envelope> urgent = new ArrayList<>();
        // queue and channel of each message not queued because a file failed to upload: their later messages wait
        Set<Lane> heldBack = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            SlackMessage message = messages.get(i);
            try {
                Prepared prepared = prepare(i, message, options == null ? null : options.get(i));
                Envelope envelope = prepared.envelope();
                Lane lane = new Lane(message.priority(), message.channel());
                if (heldBack.contains(lane)) {
                    sink.accept(new PublishResult.Failed(i, PublishResult.Failed.PRECEDING_MESSAGE_FAILED,
                            "an earlier message to this channel was not queued", true, envelope.deduplicationId()));
                    continue;
                }
                try {
                    files.upload(prepared.files());
                } catch (FileUploadException e) {
                    heldBack.add(lane);
                    sink.accept(new PublishResult.Failed(i, PublishResult.Failed.FILE_UPLOAD_FAILED, e.getMessage(),
                            e.retryable(), envelope.deduplicationId()));
                    continue;
                }
                switch (message.priority()) {
                    case NORMAL -> normal.add(envelope);
                    case URGENT -> urgent.add(envelope);
                }
            } catch (InvalidMessageException e) {
                sink.accept(new PublishResult.Rejected(i, e));
            }
        }
        if (!urgent.isEmpty()) {
            urgentBatches.send(urgent, sink);
        }
        batches.send(normal, sink);
        return List.of(results);
    }

    /** A queue (by priority) and a channel: what keeps its order. */
    private record Lane(Priority priority, String channel) {
    }

    /** A message ready to send once its files are uploaded. */
    private record Prepared(Envelope envelope, FilePlan files) {
    }

    /**
     * Plans the message's files and builds the envelope of the message to queue; no network call.
     *
     * @throws InvalidMessageException naming every violation, the files' S3 references outside the bucket among them
     */
    private Prepared prepare(int index, SlackMessage message, PublishOptions options) {
        FilePlan plan = files.plan(message);
        Envelope envelope;
        try {
            envelope = envelopes.prepare(index, plan.message(), options);
        } catch (InvalidMessageException e) {
            if (plan.refusals().isEmpty()) {
                throw e;
            }
            List<Violation> all = new ArrayList<>(e.violations());
            all.addAll(plan.refusals());
            throw new InvalidMessageException(all);
        }
        if (!plan.refusals().isEmpty()) {
            throw new InvalidMessageException(plan.refusals());
        }
        return new Prepared(envelope, plan);
    }

    /**
     * The queue for messages of {@code priority}.
     *
     * @throws IllegalStateException for {@link Priority#URGENT} when there is no urgent queue
     */
    private String queueUrl(Priority priority) {
        return switch (priority) {
            case NORMAL -> config.queueUrl();
            case URGENT -> {
                if (config.urgentQueueUrl() == null) {
                    throw new IllegalStateException("an urgent message needs the urgent queue, and none is "
                            + "configured: set " + PublisherConfig.URGENT_QUEUE_URL_VARIABLE
                            + " (the stack's UrgentQueueUrl output) or PublisherConfig.urgentQueueUrl");
                }
                yield config.urgentQueueUrl();
            }
        };
    }

    /** Closes the SQS and S3 clients this publisher created, not those it was given. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (ownsS3) {
                s3.close();
            }
            if (ownsClient) {
                sqs.close();
            }
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("publisher is closed");
        }
    }

    static SqsClient newClient(PublisherConfig config) {
        return SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(retryStrategy(config)))
                .build();
    }

    /** An S3 client configured like {@link #newClient}: the SDK's sources ({@code AWS_ENDPOINT_URL_S3}, ...). */
    static S3Client newS3Client(PublisherConfig config) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(retryStrategy(config)))
                .build();
    }

    private static RetryStrategy retryStrategy(PublisherConfig config) {
        return AwsRetryStrategy.forRetryMode(config.retryMode()).toBuilder()
                .maxAttempts(config.maxAttempts())
                .build();
    }

    /**
     * Builds {@link SlackRelayPublisher}s. Not thread-safe. Either {@link #queueUrl(String)} or
     * {@link #config(PublisherConfig)} is required.
     */
    public static final class Builder {
        private PublisherConfig.Builder config = PublisherConfig.builder();
        private SqsClient sqsClient;
        private S3Client s3Client;

        private Builder() {
        }

        /** Replaces every setting with those of {@code config}. */
        public Builder config(PublisherConfig config) {
            this.config = config.toBuilder();
            return this;
        }

        public Builder queueUrl(String queueUrl) {
            config.queueUrl(queueUrl);
            return this;
        }

        /** The urgent FIFO queue, for messages of {@link Priority#URGENT}; {@code null} for none. */
        public Builder urgentQueueUrl(String urgentQueueUrl) {
            config.urgentQueueUrl(urgentQueueUrl);
            return this;
        }

        /** The {@code producer} message attribute of every message. */
        public Builder producer(String producer) {
            config.producer(producer);
            return this;
        }

        /**
         * The SQS client to use; the caller keeps ownership and closes it. Its own retry settings apply, not
         * {@link PublisherConfig#retryMode()} and {@link PublisherConfig#maxAttempts()}. Without one, the
         * publisher creates (and closes) a client that uses the URL-connection HTTP client.
         */
        public Builder sqsClient(SqsClient sqsClient) {
            this.sqsClient = sqsClient;
            return this;
        }

        /**
         * The relay's files bucket and key prefix ({@code FILES_S3_BUCKET}, {@code FILES_S3_PREFIX}); {@code null}
         * bucket for none. See {@link PublisherConfig#filesBucket()}.
         */
        public Builder filesBucket(String bucket, String prefix) {
            config.filesBucket(bucket).filesPrefix(prefix);
            return this;
        }

        /**
         * The S3 client that uploads files to the files bucket; the caller keeps ownership and closes it. Without
         * one, a publisher with a files bucket creates (and closes) a client configured like its SQS client.
         */
        public Builder s3Client(S3Client s3Client) {
            this.s3Client = s3Client;
            return this;
        }

        /** @throws IllegalArgumentException if the configuration is invalid (see {@link PublisherConfig}) */
        public SlackRelayPublisher build() {
            PublisherConfig built = config.build();
            if (built.filesBucket() != null && !s3OnClassPath()) {
                throw new IllegalStateException("a files bucket (" + built.filesLocation() + ") needs the AWS SDK's S3"
                        + " client on the class path: add software.amazon.awssdk:s3");
            }
            boolean ownsSqs = sqsClient == null;
            SqsClient sqs = ownsSqs ? newClient(built) : sqsClient;
            boolean ownsS3 = s3Client == null && built.filesBucket() != null;
            try {
                S3Client s3 = ownsS3 ? newS3Client(built) : s3Client;
                return new SlackRelayPublisher(built, sqs, ownsSqs, s3, ownsS3);
            } catch (RuntimeException | Error e) {
                if (ownsSqs) {
                    sqs.close();
                }
                throw e;
            }
        }

        /** Whether the optional S3 client is there: only a publisher with a files bucket needs it. */
        private static boolean s3OnClassPath() {
            try {
                Class.forName("software.amazon.awssdk.services.s3.S3Client", false,
                        SlackRelayPublisher.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
