package dev.slackrelay.local.pipeline;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.s3.EmbeddedS3;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.poller.PollerStats;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole relay on one machine: the Slack emulator, the template's queues in an embedded SQS, a publisher on the
 * relay and urgent queues, and the relay ({@link RelayHandler} over {@link Relay}) behind two SQS event-source
 * emulators (the relay queue's and the urgent queue's, each with its own workers, like the template's two event
 * source mappings), or another handler in its place, or a {@link RelayHost} of the caller's (a poller process). With the dead-letter reader, the
 * relay's delivery log and a wait until every message has settled. With {@link Builder#filesBucket(String, String)},
 * also a files bucket in an {@link EmbeddedS3} (or another S3, {@link Builder#s3(Supplier)}) that the relay reads
 * files from and the publisher offloads large files to.
 *
 * <pre>{@code
 * try (LocalPipeline p = LocalPipeline.builder().emulator(s -> s.ratePerSecond(5))
 *         .relay(r -> r.channelInterval(Duration.ofMillis(200))).start().startRelay()) {
 *     p.publisher().publish(SlackMessage.builder("C1").body("hello").build());
 *     p.awaitSettled(Duration.ofSeconds(30), () -> p.slack().posts().size() == 1, () -> { });
 * }
 * }</pre>
 *
 * <p>Thread-safe for the accessors, {@link #awaitSettled}, {@link #onQueue()} and {@link #inFlight()}; start the
 * relay, stop it and close from one thread.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    /** How long stopping waits for running posts, beyond one post and one hold. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private final Builder options;
    private final SlackEmulator slack;
    private final EmbeddedSqs sqs;
    private final RelayConfig config;
    private final DeliveryRecorder deliveryLog;
    private final DeadLetterQueue deadLetters;
    private final SlackRelayPublisher publisher;
    /** The S3 holding the files bucket when it is embedded; {@code null} without a bucket or with another S3. */
    private final EmbeddedS3 embeddedS3;
    /** The pipeline's own client of the files bucket's S3 (for tests); {@code null} without a bucket. */
    private final S3Client s3;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private EventSourcePoller poller;
    private EventSourcePoller urgentPoller;
    private RelayHost host;
    private volatile boolean relayStarted;

    private LocalPipeline(Builder options) {
        this.options = options;
        try {
            slack = options.emulator == null ? null : options.emulator.build().start();
            if (slack != null) {
                open.push(slack);
            }
            sqs = options.queues.build().start();
            open.push(sqs);
            embeddedS3 = options.filesBucket != null && options.s3Clients == null ? EmbeddedS3.create().start() : null;
            if (embeddedS3 != null) {
                open.push(embeddedS3);
            }
            s3 = options.filesBucket == null ? null : newS3Client();
            if (s3 != null) {
                createFilesBucket();
            }
            config = buildRelayConfig();
            deliveryLog = new DeliveryRecorder(config.slackBotToken(), options.deliveryLogCopy);
            deadLetters = new DeadLetterQueue(sqs.client(), sqs.dlqUrl());
            SqsClient publisherClient = sqs.newClient();
            open.push(publisherClient);
            SlackRelayPublisher.Builder publisherOptions = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                    .urgentQueueUrl(sqs.urgentQueueUrl()).sqsClient(publisherClient);
            if (options.producer != null) {
                publisherOptions.producer(options.producer);
            }
            if (s3 != null) {
                publisherOptions.filesBucket(options.filesBucket, options.filesPrefix).s3Client(newS3Client());
            }
            publisher = publisherOptions.build();
            open.push(publisher);
        } catch (RuntimeException | Error e) {
            closeAll(e);
            throw e;
        }
    }

    /**
     * A builder with the defaults: a Slack emulator with its defaults, the template's queues, the relay behind the
     * event-source emulators with 4 workers (2 on the urgent queue) and 1 s long polls, the delivery log kept but not
     * copied.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A new client of the files bucket's S3, closed with the pipeline. */
    private S3Client newS3Client() {
        S3Client client = embeddedS3 != null ? embeddedS3.newClient() : options.s3Clients.get();
        open.push(client);
        return client;
    }

    private void createFilesBucket() {
        try {
            s3.createBucket(b -> b.bucket(options.filesBucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // another S3 that outlives pipelines (a moto_server shared by tests) may have it already
        }
    }

    private RelayConfig buildRelayConfig() {
        RelayConfig.Builder relay = RelayConfig.builder().queueUrl(sqs.queueUrl())
                .urgentQueueUrl(sqs.urgentQueueUrl()).deadLetterQueueUrl(sqs.dlqUrl())
                .maxReceiveCount(sqs.queueSpec().maxReceiveCount())
                .filesBucket(options.filesBucket).filesPrefix(options.filesPrefix);
        if (slack != null) {
            relay.slackBotToken(slack.options().token()).slackApiUrl(URI.create(slack.apiUrl()));
        }
        relay = options.relay.apply(relay);
        if (options.webhooks != null) {
            relay.slackWebhooks(options.webhooks.apply(slack));
        }
        return relay.build();
    }

    /** Builds the relay and its event-source emulator, or the caller's handler or host; starts nothing. */
    private void prepareRelay() {
        if (options.host != null) {
            host = options.host.apply(this);
            open.push(host);
            return;
        }
        SqsClient client = sqs.newClient();
        open.push(client);
        RequestHandler<SQSEvent, SQSBatchResponse> handler;
        if (options.handler != null) {
            handler = options.handler.apply(this);
            if (handler instanceof AutoCloseable closeable) {
                open.push(closeable);
            }
        } else {
            Relay.Builder relayOptions = Relay.builder().config(config).sqsClient(client)
                    .deliveryLog(new PrintStream(deliveryLog.sink(), true, StandardCharsets.UTF_8));
            if (s3 != null) {
                relayOptions.s3Client(newS3Client());
            }
            Relay relay = relayOptions.build();
            open.push(relay);
            handler = new RelayHandler(relay);
        }
        RequestHandler<SQSEvent, SQSBatchResponse> wrapped = options.wrapHandler.apply(handler);
        EventSourcePoller built = EventSourcePoller.builder().sqsClient(client).queueUrl(sqs.queueUrl())
                .queueArn(sqs.queueArn()).handler(wrapped)
                .maxConcurrency(options.concurrency).batchSize(config.messagesPerPost())
                .waitTimeSeconds((int) options.longPollWait.toSeconds()).build();
        // BatchSize 1, as the template's urgent event source: urgent messages are few and posted one by one
        EventSourcePoller urgent = EventSourcePoller.builder().sqsClient(client).queueUrl(sqs.urgentQueueUrl())
                .queueArn(sqs.urgentQueueArn()).handler(wrapped)
                .maxConcurrency(options.urgentConcurrency).waitTimeSeconds((int) options.longPollWait.toSeconds())
                .build();
        open.push(this::stopPollers);
        poller = built;
        urgentPoller = urgent;
    }

    /**
     * Starts the relay polling the queue.
     *
     * @return this
     * @throws IllegalStateException if it was started before
     */
    public LocalPipeline startRelay() throws InterruptedException {
        if (relayStarted) {
            throw new IllegalStateException("the relay was started before");
        }
        relayStarted = true;
        if (host != null) {
            host.start();
        } else {
            urgentPoller.start();
            poller.start();
        }
        return this;
    }

    /**
     * Stops polling and lets running posts finish (up to one Slack timeout and one channel interval); the queues, the
     * emulator and the publisher stay up. Idempotent.
     */
    public void stopRelay() {
        stopPollers();
        if (host != null) {
            host.close();
        }
    }

    /** Stops both event-source emulators at once, so that stopping takes one grace period, not two. */
    private void stopPollers() {
        if (poller == null) {
            return;
        }
        Thread urgentStop = Thread.ofVirtual().start(() -> urgentPoller.stop(stopGrace()));
        poller.stop(stopGrace());
        try {
            urgentStop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Duration stopGrace() {
        return config.slackTimeout().plus(config.channelInterval()).plus(STOP_MARGIN);
    }

    /**
     * Waits until the run has settled: {@code accountedFor} holds (typically: every published message was delivered
     * or dead-lettered), nothing is on the relay and urgent queues (visible, in flight or delayed for a retry) and
     * the event-source emulators run no invocation. Drains the dead-letter queue meanwhile.
     *
     * @param timeout      how long to wait at most
     * @param accountedFor checked every 100 ms
     * @param eachPoll     run every 100 ms while not settled (progress lines, a progress bar)
     * @return whether it settled within {@code timeout}
     */
    public boolean awaitSettled(Duration timeout, BooleanSupplier accountedFor, Runnable eachPoll)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            deadLetters.drain();
            if (accountedFor.getAsBoolean() && inFlight() == 0 && onQueue() == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            eachPoll.run();
            Thread.sleep(POLL);
        }
    }

    /** Messages on the relay and urgent queues: visible, in flight and delayed. */
    public long onQueue() {
        return onQueue(sqs.queueUrl()) + onQueue(sqs.urgentQueueUrl());
    }

    private long onQueue(String queueUrl) {
        return sqs.client().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Invocations the event-source emulators run now; 0 for a relay host of the caller's (or none started). */
    public int inFlight() {
        return poller == null ? 0 : poller.stats().inFlight() + urgentPoller.stats().inFlight();
    }

    /**
     * The relay queue's event-source emulator's counters.
     *
     * @throws IllegalStateException if the relay runs in a {@link RelayHost} of the caller's
     */
    public PollerStats pollerStats() {
        if (poller == null) {
            throw new IllegalStateException("no event-source emulator runs the relay");
        }
        return poller.stats();
    }

    /**
     * The urgent queue's event-source emulator's counters.
     *
     * @throws IllegalStateException if the relay runs in a {@link RelayHost} of the caller's
     */
    public PollerStats urgentPollerStats() {
        if (urgentPoller == null) {
            throw new IllegalStateException("no event-source emulator runs the relay");
        }
        return urgentPoller.stats();
    }

    /**
     * Every post the emulator accepted, in acceptance order, as deliveries: one per message a post carried (a digest
     * carries several), in the post's order, each knowing its post. A file share that {@code identify} finds no
     * published message in is left out: it shares the files of a message its own post delivered, after that post
     * (a message of files alone is delivered by its file share, which {@code identify} then names).
     *
     * @param identify the SQS message IDs of the published messages a post carries, in order (empty if none)
     * @throws IllegalStateException if the pipeline has no emulator
     */
    public List<Delivery> deliveries(Function<AcceptedPost, List<String>> identify) {
        return slack().posts().stream().flatMap(post -> {
            List<String> ids = identify.apply(post);
            return post.source() == AcceptedPost.Source.FILE_SHARE && ids.isEmpty() ? Stream.<Delivery>empty()
                    : Delivery.of(post, ids).stream();
        }).toList();
    }

    /**
     * The Slack emulator.
     *
     * @throws IllegalStateException if the pipeline was built with {@link Builder#noEmulator()}
     */
    public SlackEmulator slack() {
        if (slack == null) {
            throw new IllegalStateException("this pipeline posts to another Slack, not to an emulator");
        }
        return slack;
    }

    /** Whether the relay posts to the Slack emulator. */
    public boolean hasEmulator() {
        return slack != null;
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    /**
     * A client of the S3 holding the files bucket ({@link RelayConfig#filesBucket()}), to put the objects messages
     * name or read what the publisher uploaded; closed with the pipeline.
     *
     * @throws IllegalStateException if the pipeline has no files bucket
     */
    public S3Client s3() {
        if (s3 == null) {
            throw new IllegalStateException("this pipeline has no files bucket: build it with filesBucket(...)");
        }
        return s3;
    }

    /**
     * The embedded S3 holding the files bucket, to see every stored object.
     *
     * @throws IllegalStateException if the pipeline has no files bucket or uses another S3
     */
    public EmbeddedS3 embeddedS3() {
        if (embeddedS3 == null) {
            throw new IllegalStateException("this pipeline has no embedded S3: "
                    + (s3 == null ? "no files bucket" : "its files bucket is in another S3"));
        }
        return embeddedS3;
    }

    /** The relay's configuration: the queues, the emulator's token and API URL, and the caller's settings. */
    public RelayConfig relayConfig() {
        return config;
    }

    /** A publisher on the relay queue and, for urgent messages, the urgent queue, with an SQS client of its own. */
    public SlackRelayPublisher publisher() {
        return publisher;
    }

    /** The relay's delivery log. */
    public DeliveryRecorder deliveryLog() {
        return deliveryLog;
    }

    /** The reader of the dead-letter queue. */
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    /** Stops the relay and closes everything in the reverse order of starting. */
    @Override
    public void close() {
        closeAll(null);
    }

    private void closeAll(Throwable cause) {
        RuntimeException failure = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (failure == null) {
                    failure = new IllegalStateException("could not shut the local pipeline down cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Builder for {@link LocalPipeline}. Not thread-safe. */
    public static final class Builder {
        private SlackEmulator.Builder emulator = SlackEmulator.builder();
        private EmbeddedSqs.Builder queues = EmbeddedSqs.builder();
        private UnaryOperator<RelayConfig.Builder> relay = UnaryOperator.identity();
        private Function<SlackEmulator, String> webhooks;
        private Function<LocalPipeline, RequestHandler<SQSEvent, SQSBatchResponse>> handler;
        private UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> wrapHandler = UnaryOperator.identity();
        private Function<LocalPipeline, RelayHost> host;
        private int concurrency = 4;
        /** The template's UrgentMaximumConcurrency default. */
        private int urgentConcurrency = 2;
        /**
         * Short, not Lambda's 20 s: a stopping poller lets idle long polls run out (so none strands a message), and
         * the embedded queues go away with the pipeline, so a long wait would only slow every shutdown.
         */
        private Duration longPollWait = Duration.ofSeconds(1);
        private String producer;
        private OutputStream deliveryLogCopy;
        private String filesBucket;
        private String filesPrefix;
        private Supplier<S3Client> s3Clients;

        private Builder() {
        }

        /**
         * A files bucket: created in an {@link EmbeddedS3} (or in the S3 of {@link #s3(Supplier)}), which the relay
         * reads files from ({@link RelayConfig#filesBucket()}, {@link RelayConfig#filesPrefix()}) and the publisher
         * offloads inline files too large for a message to; {@link LocalPipeline#s3()} is a client of it.
         *
         * @param bucket the bucket's name
         * @param prefix the key prefix the relay reads under, or {@code null} for any key
         */
        public Builder filesBucket(String bucket, String prefix) {
            filesBucket = Objects.requireNonNull(bucket, "bucket");
            filesPrefix = prefix;
            return this;
        }

        /**
         * Another S3 for the files bucket instead of an embedded one (a {@code moto_server}): each call returns a new
         * client of it, which the pipeline closes. Needs {@link #filesBucket(String, String)}.
         */
        public Builder s3(Supplier<S3Client> clients) {
            s3Clients = Objects.requireNonNull(clients, "clients");
            return this;
        }

        /** Sets up the Slack emulator (token, channels, rate, faults); the relay gets its token and API URL. */
        public Builder emulator(UnaryOperator<SlackEmulator.Builder> setup) {
            emulator = setup.apply(emulator != null ? emulator : SlackEmulator.builder());
            return this;
        }

        /** No emulator: the relay posts wherever {@link #relay} points it (another Slack, the real one). */
        public Builder noEmulator() {
            emulator = null;
            return this;
        }

        /** Sets up the embedded queues (visibility timeout, {@code maxReceiveCount}). */
        public Builder queues(UnaryOperator<EmbeddedSqs.Builder> setup) {
            queues = setup.apply(queues);
            return this;
        }

        /**
         * Sets up the relay; it comes filled with the queue URLs, the queue's {@code maxReceiveCount} and the
         * emulator's token and API URL.
         */
        public Builder relay(UnaryOperator<RelayConfig.Builder> setup) {
            relay = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** Posts through incoming webhooks: the channel → URL map (JSON), made from the running emulator. */
        public Builder webhooks(Function<SlackEmulator, String> map) {
            webhooks = map;
            return this;
        }

        /**
         * Another handler instead of the relay behind the event-source emulator (a design to compare), made from the
         * pipeline once its emulator and queues run; closed with the pipeline if it is {@link AutoCloseable}.
         */
        public Builder handler(Function<LocalPipeline, RequestHandler<SQSEvent, SQSBatchResponse>> factory) {
            handler = factory;
            return this;
        }

        /** Wraps the handler behind the event-source emulator (to record or time invocations). */
        public Builder wrapHandler(UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> wrapper) {
            wrapHandler = Objects.requireNonNull(wrapper, "wrapper");
            return this;
        }

        /**
         * A relay host of the caller's instead of the event-source emulator in this JVM (a poller process), made from
         * the pipeline once its emulator and queues run, started by {@link LocalPipeline#startRelay()}.
         */
        public Builder host(Function<LocalPipeline, RelayHost> factory) {
            host = factory;
            return this;
        }

        /** The relay queue's event-source emulator's workers ({@code MaximumConcurrency}); default 4. */
        public Builder concurrency(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + workers);
            }
            concurrency = workers;
            return this;
        }

        /** The urgent queue's event-source emulator's workers ({@code UrgentMaximumConcurrency}); default 2. */
        public Builder urgentConcurrency(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("urgent concurrency must be at least 1: " + workers);
            }
            urgentConcurrency = workers;
            return this;
        }

        /** The event-source emulators' long-poll wait, whole seconds up to 20; default 1 s. */
        public Builder longPollWait(Duration wait) {
            longPollWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /** The publisher's {@code producer} attribute. */
        public Builder producer(String name) {
            producer = name;
            return this;
        }

        /** Copies every line of the relay's delivery log to {@code copy} as well (not closed by the pipeline). */
        public Builder deliveryLogCopy(OutputStream copy) {
            deliveryLogCopy = copy;
            return this;
        }

        /**
         * Starts the emulator, the queues and the publisher and builds the relay; the relay polls from
         * {@link LocalPipeline#startRelay()} on, so a backlog can be queued first.
         */
        public LocalPipeline start() {
            if (s3Clients != null && filesBucket == null) {
                throw new IllegalStateException("s3(...) needs filesBucket(...)");
            }
            LocalPipeline pipeline = new LocalPipeline(this);
            try {
                pipeline.prepareRelay();
            } catch (RuntimeException | Error e) {
                pipeline.closeAll(e);
                throw e;
            }
            return pipeline;
        }
    }
}
