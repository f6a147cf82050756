package dev.slackrelay.poller;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.slackrelay.poller.internal.InvocationOutcome;
import dev.slackrelay.poller.internal.LambdaSqsEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Polls an SQS FIFO queue and invokes a Lambda {@link RequestHandler} the way Lambda's SQS event source mapping does
 * with {@code BatchSize: 1} and {@code FunctionResponseTypes: [ReportBatchItemFailures]}: the standalone poller for
 * running the relay without Lambda (see {@link PollerCommand}), and the local event-source emulator.
 *
 * <ul>
 *   <li>{@code maxConcurrency} workers (like {@code ScalingConfig.MaximumConcurrency}) each long-poll for one
 *       message at a time. The FIFO queue itself keeps one message per group in flight, so no two workers ever
 *       handle the same group at once and a group is handled in order.</li>
 *   <li>Each message is delivered as an {@link SQSEvent} with the attributes Lambda sends. The {@code Context}
 *       argument is {@code null}: the relay's handler never reads it, so no imitation of Lambda's is made.</li>
 *   <li>When the handler returns, every record not listed in {@code batchItemFailures} is deleted; listed ones are
 *       left alone, to reappear when their visibility timeout (the queue's, or whatever the handler set) ends.
 *       A handler that throws, outlives the function timeout or lists an unknown message id fails the whole
 *       batch: nothing is deleted. Workers survive all of these, and SQS errors (logged, retried after a
 *       backoff).</li>
 * </ul>
 *
 * <p>Workers are virtual threads, so they do not keep the JVM alive: a {@code main} that only polls calls
 * {@link #awaitTermination(Duration)} after {@link #start()}. {@link #stop(Duration)} aborts idle long polls at once
 * and lets running invocations finish; it is safe to call from a JVM shutdown hook.
 *
 * <p>An aborted long poll must not strand a message: SQS may already have handed one to it (invisible for the whole
 * visibility timeout) when its connection is closed. Every {@code ReceiveMessage} therefore carries a fresh
 * {@code ReceiveRequestAttemptId}; after an abort the worker asks once more with the same attempt id and no wait,
 * which on a FIFO queue returns the messages the aborted call received, and makes them visible again at once with
 * {@code ChangeMessageVisibility 0}. Such a release counts as a receive towards the queue's {@code maxReceiveCount}.
 * What this cannot reach: a server may keep an aborted long poll open until its wait ends (ElasticMQ and moto do;
 * SQS documents neither way), and a message sent in that window goes to it and reappears only after its visibility
 * timeout, delayed but not lost; and a server that ignores the attempt id (moto) returns nothing to the repeat.
 * Closing those gaps too would mean waiting out every idle long poll on stop, up to {@code waitTimeSeconds}.
 *
 * <p>Thread-safe. The {@link SqsClient} is not closed by the poller; its HTTP read timeout must exceed
 * {@code waitTimeSeconds}.
 */
public final class EventSourcePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourcePoller.class);
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(20);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private enum Phase { POLLING, INVOKING }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int maxConcurrency;
    private final int waitTimeSeconds;
    private final Duration functionTimeout;
    private final String region;
    private final Duration errorBackoff;
    private final InstantSource clock = InstantSource.system();

    private final Object lock = new Object();
    private State state = State.NEW;
    private final List<Worker> workers = new ArrayList<>();

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong emptyReceives = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong itemFailures = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong invalidResponses = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong deleteErrors = new AtomicLong();
    private final AtomicLong receiveErrors = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    private EventSourcePoller(Builder builder) {
        this.sqs = Objects.requireNonNull(builder.sqs, "sqsClient");
        this.queueUrl = Objects.requireNonNull(builder.queueUrl, "queueUrl");
        this.queueArn = Objects.requireNonNull(builder.queueArn, "queueArn");
        this.handler = Objects.requireNonNull(builder.handler, "handler");
        this.maxConcurrency = builder.maxConcurrency;
        this.waitTimeSeconds = builder.waitTimeSeconds;
        this.functionTimeout = builder.functionTimeout;
        String[] arn = queueArn.split(":");
        if (arn.length != 6 || !arn[0].equals("arn") || !arn[2].equals("sqs")) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        this.region = arn[3];
        this.errorBackoff = builder.errorBackoff;
    }

    /** A builder; {@code sqsClient}, {@code queueUrl}, {@code queueArn} and {@code handler} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the workers.
     *
     * @return this
     * @throws IllegalStateException if already started or stopped
     */
    public EventSourcePoller start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("poller is " + state);
            }
            state = State.RUNNING;
            for (int i = 1; i <= maxConcurrency; i++) {
                Worker worker = new Worker();
                worker.thread = Thread.ofVirtual().name("slack-relay-poller-" + i).unstarted(() -> run(worker));
                workers.add(worker);
            }
            workers.forEach(w -> w.thread.start());
        }
        LOG.info("polling {} with {} worker(s), wait {} s, function timeout {}", queueUrl, maxConcurrency,
                waitTimeSeconds, functionTimeout);
        return this;
    }

    /**
     * Stops polling: idle long polls are aborted, running invocations may finish and have their results applied
     * (deleted, left for redelivery) for up to {@code grace}. A message received while stopping, by a long poll that
     * returned or by one that was aborted, is made visible again at once instead of being handled. Idempotent; safe
     * to call from a shutdown hook.
     *
     * @return whether every worker finished within {@code grace}; if not, the late invocations keep running and
     *     their messages are deleted or redelivered as usual when they return
     */
    public boolean stop(Duration grace) {
        Instant deadline = clock.instant().plus(grace);
        synchronized (lock) {
            lock.notifyAll(); // wakes awaitTermination
            switch (state) {
                case NEW -> {
                    state = State.STOPPED;
                    return true;
                }
                case RUNNING -> {
                    state = State.STOPPING;
                    for (Worker worker : workers) {
                        // Only an idle worker is interrupted: on a virtual thread that closes the long poll's
                        // socket, and the worker then recovers what that poll may have received. A running
                        // invocation is never interrupted (it may be halfway through a post).
                        if (worker.phase == Phase.POLLING) {
                            worker.thread.interrupt();
                        }
                    }
                }
                case STOPPING, STOPPED -> {
                }
            }
        }
        boolean done;
        try {
            done = awaitWorkers(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (done) {
            boolean first;
            synchronized (lock) {
                first = state != State.STOPPED;
                state = State.STOPPED;
            }
            if (first) {
                LOG.info("stopped polling {}: {}", queueUrl, stats());
            }
        } else {
            LOG.warn("{} invocation(s) still running after the {} grace period", inFlight.get(), grace);
        }
        return done;
    }

    /** {@link #stop(Duration) Stops} with the function timeout as grace period. */
    @Override
    public void close() {
        stop(functionTimeout);
    }

    /**
     * Waits until the poller has been stopped and every worker has finished.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        synchronized (lock) {
            while (state == State.NEW || state == State.RUNNING) {
                long waitMillis = Duration.between(clock.instant(), deadline).toMillis();
                if (waitMillis <= 0) {
                    return false;
                }
                lock.wait(waitMillis);
            }
        }
        return awaitWorkers(deadline);
    }

    private boolean awaitWorkers(Instant deadline) throws InterruptedException {
        List<Worker> snapshot;
        synchronized (lock) {
            snapshot = List.copyOf(workers);
        }
        for (Worker worker : snapshot) {
            long waitMillis = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
            if (!worker.thread.join(Duration.ofMillis(waitMillis))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the poller has been started and not yet asked to stop. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    /** The counters so far; cheap, callable any time from any thread. */
    public PollerStats stats() {
        return new PollerStats(received.get(), emptyReceives.get(), invocations.get(), succeeded.get(),
                itemFailures.get(), crashes.get(), timeouts.get(), invalidResponses.get(), deletes.get(),
                deleteErrors.get(), receiveErrors.get(), released.get(), inFlight.get());
    }

    private void run(Worker worker) {
        Duration backoff = errorBackoff;
        while (true) {
            synchronized (lock) {
                if (state != State.RUNNING) {
                    return;
                }
                worker.phase = Phase.POLLING;
            }
            String attemptId = UUID.randomUUID().toString();
            List<Message> messages;
            try {
                messages = receive(attemptId, waitTimeSeconds);
                backoff = errorBackoff;
            } catch (RuntimeException e) {
                if (!isRunning()) {
                    Thread.interrupted(); // the interrupt that aborted the long poll would abort the recovery too
                    recover(attemptId);
                    return;
                }
                receiveErrors.incrementAndGet();
                LOG.warn("ReceiveMessage on {} failed, retrying in {}: {}", queueUrl, backoff, e.toString());
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_ERROR_BACKOFF) > 0 ? MAX_ERROR_BACKOFF
                        : backoff.multipliedBy(2);
                continue;
            }
            if (messages.isEmpty()) {
                emptyReceives.incrementAndGet();
                continue;
            }
            received.addAndGet(messages.size());
            boolean stopping;
            synchronized (lock) {
                stopping = state != State.RUNNING;
                if (!stopping) {
                    worker.phase = Phase.INVOKING;
                }
            }
            if (stopping) {
                Thread.interrupted(); // an interrupt meant for the long poll would abort the release call
                release(messages);
                return;
            }
            invoke(messages);
        }
    }

    private List<Message> receive(String attemptId, int waitSeconds) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(1)
                .waitTimeSeconds(waitSeconds)
                .receiveRequestAttemptId(attemptId)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")
                .build()).messages();
    }

    private void invoke(List<Message> messages) {
        invocations.incrementAndGet();
        inFlight.incrementAndGet();
        try {
            SQSEvent event = LambdaSqsEvents.toEvent(messages, queueArn, region);
            Instant started = clock.instant();
            InvocationOutcome outcome;
            try {
                SQSBatchResponse response = handler.handleRequest(event, null);
                outcome = judge(event, response, Duration.between(started, clock.instant()));
            } catch (Throwable error) {
                Duration elapsed = Duration.between(started, clock.instant());
                outcome = elapsed.compareTo(functionTimeout) > 0 ? new InvocationOutcome.TimedOut(elapsed)
                        : new InvocationOutcome.Crashed(error);
            }
            settle(event, outcome);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private InvocationOutcome judge(SQSEvent event, SQSBatchResponse response, Duration elapsed) {
        if (elapsed.compareTo(functionTimeout) > 0) {
            return new InvocationOutcome.TimedOut(elapsed);
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            Set<String> ids = new HashSet<>();
            event.getRecords().forEach(r -> ids.add(r.getMessageId()));
            for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                String id = failure == null ? null : failure.getItemIdentifier();
                if (id == null || !ids.contains(id)) {
                    return new InvocationOutcome.InvalidResponse("batchItemFailures names " + id
                            + ", which is not in the batch " + ids);
                }
                failed.add(id);
            }
        }
        List<SQSMessage> toDelete = event.getRecords().stream().filter(r -> !failed.contains(r.getMessageId()))
                .toList();
        return new InvocationOutcome.Completed(toDelete, Set.copyOf(failed));
    }

    private void settle(SQSEvent event, InvocationOutcome outcome) {
        int size = event.getRecords().size();
        switch (outcome) {
            case InvocationOutcome.Completed(List<SQSMessage> toDelete, Set<String> failed) -> {
                succeeded.addAndGet(toDelete.size());
                itemFailures.addAndGet(failed.size());
                if (!failed.isEmpty()) {
                    LOG.debug("handler reported {} as failed; left for redelivery", failed);
                }
                toDelete.forEach(this::delete);
            }
            case InvocationOutcome.Crashed(Throwable error) -> {
                crashes.incrementAndGet();
                LOG.warn("handler threw; {} message(s) left for redelivery", size, error);
            }
            case InvocationOutcome.TimedOut(Duration elapsed) -> {
                timeouts.incrementAndGet();
                LOG.warn("handler ran {} (function timeout {}); {} message(s) left for redelivery", elapsed,
                        functionTimeout, size);
            }
            case InvocationOutcome.InvalidResponse(String reason) -> {
                invalidResponses.incrementAndGet();
                LOG.warn("invalid batch response ({}); {} message(s) left for redelivery", reason, size);
            }
        }
    }

    private void delete(SQSMessage record) {
        try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(record.getReceiptHandle()));
            deletes.incrementAndGet();
        } catch (RuntimeException e) {
            deleteErrors.incrementAndGet();
            LOG.warn("DeleteMessage {} failed; it will be delivered again: {}", record.getMessageId(), e.toString());
        }
    }

    /**
     * After a long poll was aborted by {@link #stop(Duration)}: asks again with its attempt id and no wait, and
     * releases whatever comes back. For a FIFO queue that is what the aborted call had received (if anything); if
     * it had received nothing, this may receive a fresh message, which is released just the same.
     */
    private void recover(String attemptId) {
        List<Message> messages;
        try {
            messages = receive(attemptId, 0);
        } catch (RuntimeException e) {
            LOG.warn("could not recover what an aborted ReceiveMessage on {} may have received; such a message "
                    + "reappears after its visibility timeout: {}", queueUrl, e.toString());
            return;
        }
        if (!messages.isEmpty()) {
            LOG.debug("recovered {} message(s) from an aborted ReceiveMessage", messages.size());
            received.addAndGet(messages.size());
            release(messages);
        }
    }

    private void release(List<Message> messages) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
                released.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("could not release {} while stopping; it reappears after its visibility timeout: {}",
                        message.messageId(), e.toString());
            }
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static final class Worker {
        Thread thread;
        /** Guarded by the poller's lock. */
        Phase phase = Phase.POLLING;
    }

    /** Builder for {@link EventSourcePoller}. Not thread-safe. */
    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private String queueArn;
        private RequestHandler<SQSEvent, SQSBatchResponse> handler;
        private int maxConcurrency = 5;
        private int waitTimeSeconds = 20;
        private Duration functionTimeout = Duration.ofSeconds(30);
        private Duration errorBackoff = Duration.ofSeconds(1);

        private Builder() {
        }

        /** The client to poll with (required); not closed by the poller. */
        public Builder sqsClient(SqsClient sqs) {
            this.sqs = Objects.requireNonNull(sqs, "sqsClient");
            return this;
        }

        /** URL of the queue to poll (required). */
        public Builder queueUrl(String queueUrl) {
            this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
            return this;
        }

        /** ARN of the queue (required): the records' {@code eventSourceARN}; its region is their {@code awsRegion}. */
        public Builder queueArn(String queueArn) {
            this.queueArn = Objects.requireNonNull(queueArn, "queueArn");
            return this;
        }

        /** The function handler (required); called from several threads at once, like one per Lambda environment. */
        public Builder handler(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Number of workers, i.e. concurrent invocations (default 5). */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1 || maxConcurrency > 1000) {
                throw new IllegalArgumentException("maxConcurrency must be 1..1000: " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Long-poll wait of each {@code ReceiveMessage}, 1..20 s (default 20, as Lambda). */
        public Builder waitTimeSeconds(int waitTimeSeconds) {
            if (waitTimeSeconds < 1 || waitTimeSeconds > 20) {
                throw new IllegalArgumentException("waitTimeSeconds must be 1..20: " + waitTimeSeconds);
            }
            this.waitTimeSeconds = waitTimeSeconds;
            return this;
        }

        /**
         * The function timeout (default 30 s): an invocation that returns later counts as timed out, as Lambda would
         * have cut it off, and its batch is left for redelivery.
         */
        public Builder functionTimeout(Duration functionTimeout) {
            if (functionTimeout.compareTo(Duration.ofSeconds(1)) < 0
                    || functionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException("functionTimeout must be 1 s..15 min: " + functionTimeout);
            }
            this.functionTimeout = functionTimeout;
            return this;
        }

        /** First pause after a failed {@code ReceiveMessage}, doubled up to 20 s while failures go on (default 1 s). */
        public Builder errorBackoff(Duration errorBackoff) {
            if (errorBackoff.isNegative() || errorBackoff.isZero()) {
                throw new IllegalArgumentException("errorBackoff must be positive: " + errorBackoff);
            }
            this.errorBackoff = errorBackoff;
            return this;
        }

        /** @throws NullPointerException if a required setting is missing */
        public EventSourcePoller build() {
            return new EventSourcePoller(this);
        }
    }
}
