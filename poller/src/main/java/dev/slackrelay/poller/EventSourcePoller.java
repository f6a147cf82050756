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
import dev.slackrelay.poller.internal.InvocationContext;
import dev.slackrelay.poller.internal.InvocationOutcome;
import dev.slackrelay.poller.internal.LambdaSqsEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Polls an SQS FIFO queue and invokes a Lambda {@link RequestHandler} the way Lambda's SQS event source mapping does
 * with {@code BatchSize: batchSize} and {@code FunctionResponseTypes: [ReportBatchItemFailures]}: the standalone
 * poller for running the relay without Lambda (see {@link PollerCommand}), and the local event-source emulator.
 *
 * <ul>
 *   <li>{@code maxConcurrency} workers (like {@code ScalingConfig.MaximumConcurrency}) each long-poll for up to
 *       {@code batchSize} messages at a time. The FIFO queue itself keeps a group's messages in one worker's hands
 *       while any is in flight, so no two workers ever handle the same group at once and a group is handled in
 *       order.</li>
 *   <li>What one receive returned is delivered as one {@link SQSEvent} with the attributes Lambda sends. The
 *       {@code Context}'s remaining time counts down from the function timeout, as Lambda's does; its other fields
 *       are placeholders.</li>
 *   <li>When the handler returns, every record not listed in {@code batchItemFailures} is deleted; listed ones are
 *       left alone, to reappear when their visibility timeout (the queue's, or whatever the handler set) ends.
 *       A handler that throws, outlives the function timeout or lists an unknown message id fails the whole
 *       batch: nothing is deleted. Workers survive all of these, and SQS errors (logged, retried after a
 *       backoff).</li>
 * </ul>
 *
 * <p>Workers are virtual threads, so they do not keep the JVM alive: a {@code main} that only polls calls
 * {@link #awaitTermination(Duration)} after {@link #start()}. {@link #stop(Duration)} lets running invocations finish
 * and idle long polls run out; it is safe to call from a JVM shutdown hook.
 *
 * <p>Stopping must not strand a message, so idle long polls are not aborted: a server may keep an aborted long poll
 * open until its wait ends (ElasticMQ and moto do; SQS documents neither way) and hand it a message sent meanwhile,
 * which then stays invisible for the whole visibility timeout. The cost: stopping an idle poller takes up to
 * {@code waitTimeSeconds} (at most {@link #idleStopTime()}). What a long poll receives while the poller stops is not
 * handled but made visible again with {@code ChangeMessageVisibility 0}, once no worker may receive any more, so that
 * a stopping poller receives each such message only once (a release counts as a receive towards the queue's
 * {@code maxReceiveCount}). Only a long poll whose answer is overdue ({@code waitTimeSeconds} + 2 s: a hung
 * connection) is given up, by interrupting its virtual thread, which closes the socket. For that case every
 * {@code ReceiveMessage} carries a fresh {@code ReceiveRequestAttemptId}: the worker asks once more with the same
 * attempt id and no wait, which on a FIFO queue returns what the given-up call had received, and releases that too.
 * A server that ignores the attempt id (moto) returns nothing to that repeat; such a message reappears after its
 * visibility timeout, delayed but not lost.
 *
 * <p>Thread-safe. The {@link SqsClient} is not closed by the poller; its HTTP read timeout must exceed
 * {@code waitTimeSeconds}.
 */
public final class EventSourcePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourcePoller.class);
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(20);
    /** How long after its wait a long poll's answer may take to arrive before stop gives up on the poll. */
    private static final Duration LONG_POLL_MARGIN = Duration.ofSeconds(2);
    /** Time left after giving up on a long poll for the attempt-id repeat and the release. */
    private static final Duration RECOVERY_TIME = Duration.ofSeconds(3);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private enum Phase {
        /** In a long poll (the only phase in which {@link #stop(Duration)} may interrupt the worker). */
        POLLING,
        /** Stopping: its last long poll ended (or was given up); recovering and holding what it received. */
        RECOVERING,
        /** Before the first long poll, or after an empty or failed receive (backing off) before the next. */
        BETWEEN_POLLS,
        INVOKING,
        DONE;

        /** Whether a worker in this phase may still receive a message from the queue. */
        boolean mayReceive() {
            return this == POLLING || this == RECOVERING;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int maxConcurrency;
    private final int waitTimeSeconds;
    private final int batchSize;
    private final Duration functionTimeout;
    private final String region;
    /** After failed {@code ReceiveMessage} calls: from the builder's {@code errorBackoff}, doubling up to 20 s. */
    private final BackoffStrategy errorBackoff;
    private final InstantSource clock = InstantSource.system();

    private final Object lock = new Object();
    private State state = State.NEW;
    private final List<Worker> workers = new ArrayList<>();
    /** Messages received while stopping, released once no worker may receive any more; guarded by lock. */
    private final List<Message> held = new ArrayList<>();

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
        this.batchSize = builder.batchSize;
        this.functionTimeout = builder.functionTimeout;
        String[] arn = queueArn.split(":");
        if (arn.length != 6 || !arn[0].equals("arn") || !arn[2].equals("sqs")) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        this.region = arn[3];
        this.errorBackoff = BackoffStrategy.exponentialDelayHalfJitter(builder.errorBackoff, MAX_ERROR_BACKOFF);
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
        LOG.info("polling {} with {} worker(s), batch size {}, wait {} s, function timeout {}", queueUrl,
                maxConcurrency, batchSize, waitTimeSeconds, functionTimeout);
        return this;
    }

    /**
     * Stops polling. Running invocations may finish and have their results applied (deleted, left for
     * redelivery) for up to {@code grace}; idle workers let their long polls run out, at most
     * {@link #idleStopTime()}. Messages received while stopping are not handled but made visible again (once no
     * worker may receive any more, so that each is received only once). This method therefore blocks for up to the
     * longer of {@code grace} and {@link #idleStopTime()}. Idempotent; safe to call from a shutdown hook.
     *
     * @return whether every worker finished in that time; if not, the late workers keep running: invocations have
     *     their messages deleted or redelivered as usual when they return, and long polls release what they receive
     */
    public boolean stop(Duration grace) {
        Duration longest = grace.compareTo(idleStopTime()) > 0 ? grace : idleStopTime();
        Instant deadline = clock.instant().plus(longest);
        synchronized (lock) {
            lock.notifyAll(); // wakes awaitTermination and workers backing off
            switch (state) {
                case NEW -> {
                    state = State.STOPPED;
                    return true;
                }
                case RUNNING -> state = State.STOPPING;
                case STOPPING, STOPPED -> {
                }
            }
        }
        boolean done;
        try {
            done = awaitStopped(deadline);
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
            LOG.warn("poller of {} not stopped after {}: {} invocation(s) still running", queueUrl, longest,
                    inFlight.get());
        }
        return done;
    }

    /**
     * The longest {@link #stop(Duration)} waits for an idle worker: the long-poll wait, a margin for its answer,
     * and time to recover what a long poll given up after that had received.
     */
    public Duration idleStopTime() {
        return Duration.ofSeconds(waitTimeSeconds).plus(LONG_POLL_MARGIN).plus(RECOVERY_TIME);
    }

    /**
     * Waits for the workers until {@code deadline}. Idle long polls are not aborted: a server may keep an aborted
     * poll open until its wait ends and hand it a message that then stays invisible for the visibility timeout.
     * Only a poll whose answer is overdue (a hung connection) is given up, by interrupting its virtual thread,
     * which closes the socket; the worker then recovers what it may have received by its attempt id.
     */
    private boolean awaitStopped(Instant deadline) throws InterruptedException {
        Duration overdueAfter = Duration.ofSeconds(waitTimeSeconds).plus(LONG_POLL_MARGIN);
        while (true) {
            Instant wake = deadline;
            synchronized (lock) {
                Instant now = clock.instant();
                for (Worker worker : workers) {
                    if (worker.phase != Phase.POLLING || worker.abandoned) {
                        continue;
                    }
                    Instant overdue = worker.pollStarted.plus(overdueAfter);
                    if (now.isBefore(overdue)) {
                        wake = overdue.isBefore(wake) ? overdue : wake;
                    } else {
                        LOG.warn("a ReceiveMessage on {} outlived its {} s wait; giving up on it", queueUrl,
                                waitTimeSeconds);
                        worker.abandoned = true;
                        worker.thread.interrupt();
                    }
                }
            }
            if (awaitWorkers(wake)) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
        }
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
        try {
            poll(worker);
        } finally {
            List<Message> toRelease = List.of();
            synchronized (lock) {
                worker.phase = Phase.DONE;
                if (workers.stream().noneMatch(w -> w.phase.mayReceive())) {
                    toRelease = List.copyOf(held);
                    held.clear();
                }
            }
            Thread.interrupted(); // an interrupt that gave up on a long poll must not abort the release
            release(toRelease);
        }
    }

    private void poll(Worker worker) {
        int failures = 0;
        while (true) {
            synchronized (lock) {
                if (state != State.RUNNING) {
                    return;
                }
                worker.phase = Phase.POLLING;
                worker.pollStarted = clock.instant();
            }
            String attemptId = UUID.randomUUID().toString();
            List<Message> messages = List.of();
            RuntimeException failure = null;
            try {
                messages = receive(attemptId, waitTimeSeconds);
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure == null && messages.isEmpty()) {
                emptyReceives.incrementAndGet();
            }
            received.addAndGet(messages.size());
            boolean stopping;
            synchronized (lock) {
                stopping = state != State.RUNNING;
                worker.phase = stopping ? Phase.RECOVERING
                        : failure == null && !messages.isEmpty() ? Phase.INVOKING : Phase.BETWEEN_POLLS;
            }
            if (stopping) {
                // Not handled: made visible again by the last worker to stop receiving, so that no other
                // worker's long poll receives it again meanwhile.
                Thread.interrupted(); // an interrupt that gave up on the long poll would abort the recovery too
                List<Message> caught = failure == null ? messages : recover(attemptId);
                synchronized (lock) {
                    held.addAll(caught);
                }
                return;
            }
            if (failure != null) {
                receiveErrors.incrementAndGet();
                // the SDK counts the attempt the delay comes before; the first attempt has none
                Duration backoff = errorBackoff.computeDelay(Math.min(++failures, 30) + 1);
                LOG.warn("ReceiveMessage on {} failed, retrying in {}: {}", queueUrl, backoff, failure.toString());
                if (!pause(backoff)) {
                    return;
                }
                continue;
            }
            failures = 0;
            if (!messages.isEmpty()) {
                invoke(messages);
            }
        }
    }

    private List<Message> receive(String attemptId, int waitSeconds) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
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
                SQSBatchResponse response = handler.handleRequest(event, new InvocationContext(functionTimeout));
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
                delete(toDelete);
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

    /** Deletes handled records, up to 10 per call as Lambda's event source does. */
    private void delete(List<SQSMessage> records) {
        for (int from = 0; from < records.size(); from += 10) {
            List<SQSMessage> chunk = records.subList(from, Math.min(records.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).getReceiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl)
                        .entries(entries));
                deletes.addAndGet(response.successful().size());
                for (BatchResultErrorEntry failed : response.failed()) {
                    deleteErrors.incrementAndGet();
                    LOG.warn("DeleteMessage {} failed; it will be delivered again: {}",
                            chunk.get(Integer.parseInt(failed.id())).getMessageId(), failed.message());
                }
            } catch (RuntimeException e) {
                deleteErrors.addAndGet(chunk.size());
                LOG.warn("DeleteMessageBatch of {} failed; they will be delivered again: {}", chunk.size(),
                        e.toString());
            }
        }
    }

    /**
     * After a long poll failed while stopping (given up by {@link #stop(Duration)}, or an error): asks again with its
     * attempt id and no wait, which on a FIFO queue returns what the failed call had received (if anything); if it
     * had received nothing, this may receive a fresh message, which is returned just the same, to be released.
     */
    private List<Message> recover(String attemptId) {
        List<Message> messages;
        try {
            messages = receive(attemptId, 0);
        } catch (RuntimeException e) {
            LOG.warn("could not recover what a failed ReceiveMessage on {} may have received; such a message "
                    + "reappears after its visibility timeout: {}", queueUrl, e.toString());
            return List.of();
        }
        if (!messages.isEmpty()) {
            LOG.debug("recovered {} message(s) from a failed ReceiveMessage", messages.size());
            received.addAndGet(messages.size());
        }
        return messages;
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

    /** Waits {@code duration} unless the poller is stopped meanwhile; returns whether it still runs. */
    private boolean pause(Duration duration) {
        Instant until = clock.instant().plus(duration);
        synchronized (lock) {
            while (state == State.RUNNING) {
                long waitMillis = Duration.between(clock.instant(), until).toMillis();
                if (waitMillis <= 0) {
                    return true;
                }
                try {
                    lock.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private static final class Worker {
        Thread thread;
        /** Guarded by the poller's lock, as are the fields below. */
        Phase phase = Phase.BETWEEN_POLLS;
        /** When its current long poll started; set with {@link Phase#POLLING}. */
        Instant pollStarted;
        /** Whether stop gave up on its long poll. */
        boolean abandoned;
    }

    /** Builder for {@link EventSourcePoller}. Not thread-safe. */
    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private String queueArn;
        private RequestHandler<SQSEvent, SQSBatchResponse> handler;
        private int maxConcurrency = 5;
        private int waitTimeSeconds = 20;
        private int batchSize = 1;
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

        /** Most messages per receive and invocation, 1..10 (default 1), as the event source's {@code BatchSize}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1..10: " + batchSize);
            }
            this.batchSize = batchSize;
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

        /**
         * First pause after a failed {@code ReceiveMessage}, doubled up to 20 s while failures go on, each between
         * half and all of that (the SDK's half-jitter backoff, as the relay's); default 1 s.
         */
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
