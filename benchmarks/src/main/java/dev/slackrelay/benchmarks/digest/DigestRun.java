package dev.slackrelay.benchmarks.digest;

import dev.slackrelay.benchmarks.delivery.TimedHandler;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.local.pipeline.Delivery;
import dev.slackrelay.local.pipeline.Ledger;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.local.pipeline.Reconciliation;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One B5 run on a fresh local pipeline: the Slack emulator (1 post/s per channel, burst 1, an answer latency), the
 * embedded queues, the relay with {@code MESSAGES_PER_POST} behind the event-source emulator, its invocations timed;
 * a {@link Workload} published through the publisher library, and everything reconciled with the kit's
 * {@link Reconciliation}. Not thread-safe; use once.
 */
final class DigestRun {

    static final String TOKEN = "xoxb-benchmark";
    private static final String PRODUCER = "b5-benchmark";
    private static final Duration INTERVAL = Duration.ofMillis(1000);
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(15);
    /** The sequence number in a message's title, which a post shows in a section (a digest: one per message). */
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    /**
     * What one run does.
     *
     * @param channels        the channels, each its own message group
     * @param workload        what is published, and when
     * @param messagesPerPost the relay's {@code MESSAGES_PER_POST} (also the event source's batch size)
     * @param latency         Slack's processing time: how long after counting a post the emulator answers
     * @param concurrency     event-source workers
     * @param timeout         when to give up waiting for every message to settle
     */
    record Setting(List<String> channels, Workload workload, int messagesPerPost, AnswerLatency latency,
                   int concurrency, Duration timeout) {

        Setting {
            channels = List.copyOf(channels);
        }

        int messages() {
            return channels.size() * workload.perChannel(channels.size());
        }

        /** {@code "MESSAGES_PER_POST=10, latency 250 ± 100 ms, 5 × 200 queued"}. */
        String label() {
            return "MESSAGES_PER_POST=" + messagesPerPost + ", latency " + latency.label() + ", "
                    + workload.label(channels.size());
        }
    }

    /**
     * What a run observed.
     *
     * @param origin        wall-clock start: the relay's start for a backlog, the first publish for batch tasks
     * @param posts         every post the emulator accepted, in acceptance order
     * @param deliveries    one per notification a post carried, in acceptance order
     * @param so            the published messages reconciled against the posts and the dead letters
     * @param invocations   every handler invocation
     * @param stats         the emulator's counters at the end
     * @param relayOutcomes the relay's delivery log: outcome label → lines
     * @param publishFailures batch tasks that could not queue their messages, in words (must be none)
     * @param settled       whether every message was delivered or dead-lettered before the timeout
     * @param settleSeconds from the origin until settled (or the timeout)
     */
    record Result(Setting setting, Instant origin, List<AcceptedPost> posts, List<Delivery> deliveries,
                  Reconciliation so,
                  List<TimedHandler.Invocation> invocations, EmulatorStats stats, Map<String, Long> relayOutcomes,
                  List<String> publishFailures, boolean settled, double settleSeconds) {

        List<AcceptedPost> posts(String channel) {
            return posts.stream().filter(p -> p.channel().equals(channel)).toList();
        }

        /** Seconds from the origin to the last accepted post; NaN when none. */
        double lastPostSeconds() {
            return posts.isEmpty() ? Double.NaN : seconds(posts.getLast());
        }

        double seconds(AcceptedPost post) {
            return Duration.between(origin, post.arrival()).toNanos() / 1e9;
        }
    }

    private final Setting setting;
    private final PrintStream progress;
    private final Ledger ledger = new Ledger();
    private final Queue<String> publishFailures = new ConcurrentLinkedQueue<>();
    private volatile Instant firstPublish;

    DigestRun(Setting setting, PrintStream progress) {
        this.setting = Objects.requireNonNull(setting, "setting");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    Result execute() throws InterruptedException {
        AtomicReference<TimedHandler> timed = new AtomicReference<>();
        LocalPipeline.Builder setup = LocalPipeline.builder()
                .emulator(slack -> slack.token(TOKEN).ratePerSecond(1.0).burst(1).answerLatency(setting.latency()))
                .relay(relay -> relay.channelInterval(INTERVAL).messagesPerPost(setting.messagesPerPost())
                        .metricsService(PRODUCER))
                .concurrency(setting.concurrency()).producer(PRODUCER)
                .wrapHandler(handler -> {
                    timed.set(new TimedHandler(handler));
                    return timed.get();
                });
        try (LocalPipeline pipeline = setup.start()) {
            Instant origin;
            Thread publishing = null;
            switch (setting.workload()) {
                case Workload.Backlog backlog -> {
                    publishBacklog(pipeline.publisher(), backlog.messagesPerChannel());
                    origin = Instant.now();
                    pipeline.startRelay();
                }
                case Workload.BatchTasks tasks -> {
                    pipeline.startRelay();
                    origin = Instant.now();
                    publishing = Thread.ofPlatform().name("b5-batch-tasks").start(
                            () -> runBatchTasks(pipeline.publisher(), tasks));
                }
            }
            boolean settled;
            try {
                settled = awaitSettled(pipeline, publishing, origin);
            } finally {
                if (publishing != null) {
                    publishing.interrupt();
                    publishing.join(Duration.ofSeconds(30));
                }
            }
            if (firstPublish != null && publishing != null) {
                origin = firstPublish;
            }
            double settleSeconds = Duration.between(origin, Instant.now()).toNanos() / 1e9;
            pipeline.stopRelay();
            pipeline.deadLetters().drain();
            List<Delivery> deliveries = pipeline.deliveries(this::identify);
            Reconciliation so = Reconciliation.of(ledger, deliveries, pipeline.deadLetters().drained());
            return new Result(setting, origin, pipeline.slack().posts(), deliveries, so, timed.get().invocations(),
                    pipeline.slack().stats(), pipeline.deliveryLog().outcomes(), List.copyOf(publishFailures),
                    settled, settleSeconds);
        }
    }

    /**
     * Until every published message has a {@code delivered} or {@code dead_lettered} line in the relay's log (cheap
     * enough to check every 100 ms with 25,000 messages), nothing is on the queue and nothing in flight.
     */
    private boolean awaitSettled(LocalPipeline pipeline, Thread publishing, Instant origin)
            throws InterruptedException {
        long[] next = {System.nanoTime() + PROGRESS_PERIOD.toNanos()};
        return pipeline.awaitSettled(setting.timeout(), () -> {
            if (publishing != null && publishing.isAlive()) {
                return false;
            }
            Map<String, Long> outcomes = pipeline.deliveryLog().outcomes();
            return outcomes.getOrDefault("delivered", 0L) + outcomes.getOrDefault("dead_lettered", 0L)
                    >= ledger.size();
        }, () -> {
            if (System.nanoTime() > next[0]) {
                next[0] += PROGRESS_PERIOD.toNanos();
                progress.printf(Locale.ROOT, "  %s: %d s, %d queued, %d delivered in %d posts, %d answered 429%n",
                        setting.label(), Duration.between(origin, Instant.now()).toSeconds(), ledger.size(),
                        pipeline.deliveryLog().outcomes().getOrDefault("delivered", 0L),
                        pipeline.slack().stats().accepted(), pipeline.slack().stats().rateLimited());
            }
        });
    }

    /** The published messages a post carries, in order, by the sequence numbers in its sections (or its text). */
    private List<String> identify(AcceptedPost post) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> texts = post.sectionTexts().isEmpty() ? List.of(post.text()) : post.sectionTexts();
        for (String text : texts) {
            Matcher m = SEQ.matcher(text);
            while (m.find()) {
                String id = ledger.numberedId(post.channel(), Integer.parseInt(m.group(1)));
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return List.copyOf(ids);
    }

    private static SlackMessage message(String channel, int seq) {
        return SlackMessage.builder(channel).title("Export seq=" + seq + " done")
                .body("task " + seq + ": " + (1_000 + (seq * 7_919) % 90_000) + " rows in " + (3 + seq % 40) + " s")
                .build();
    }

    /** Every message queued before the relay starts, channels interleaved as the tasks finished. */
    private void publishBacklog(SlackRelayPublisher publisher, int perChannel) {
        for (int seq = 1; seq <= perChannel; seq++) {
            publishRound(publisher, seq);
        }
    }

    /** One message to every channel in one call; numbers reach the queue in order. Callers take turns. */
    private void publishRound(SlackRelayPublisher publisher, int seq) {
        if (firstPublish == null) {
            firstPublish = Instant.now();
        }
        List<SlackMessage> messages = setting.channels().stream().map(c -> message(c, seq)).toList();
        List<PublishResult> results = publisher.publishAll(messages);
        for (PublishResult result : results) {
            switch (result) {
                case PublishResult.Sent sent -> {
                    String channel = messages.get(sent.index()).channel();
                    ledger.add(new Published(sent.receipt().messageId(), channel, seq, channel + " #" + seq, null));
                }
                case PublishResult.Failed failed -> throw new IllegalStateException("could not queue " + seq + ": "
                        + failed.reason());
                case PublishResult.Rejected rejected -> throw new IllegalStateException("rejected: "
                        + rejected.error().getMessage());
            }
        }
    }

    /**
     * The batch tasks, each on a virtual thread, finishing at random moments of the window; a task's round of
     * messages takes the next number under one lock, so that every channel's numbers reach the queue in order.
     */
    private void runBatchTasks(SlackRelayPublisher publisher, Workload.BatchTasks tasks) {
        SplittableRandom random = new SplittableRandom(42);
        ReentrantLock lock = new ReentrantLock();
        int[] last = {0};
        long window = tasks.window().toMillis();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < tasks.tasks(); t++) {
                long delay = random.nextLong(window + 1);
                executor.submit(() -> {
                    Thread.sleep(delay);
                    lock.lock();
                    try {
                        publishRound(publisher, ++last[0]);
                    } catch (RuntimeException e) {
                        publishFailures.add(e.toString());
                    } finally {
                        lock.unlock();
                    }
                    return null;
                });
            }
        }
    }
}
