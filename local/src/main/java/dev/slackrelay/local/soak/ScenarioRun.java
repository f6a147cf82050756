package dev.slackrelay.local.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import dev.slackrelay.emulator.FaultOptions;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.Ledger;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.local.pipeline.Reconciliation;
import dev.slackrelay.local.soak.Scenario.Fault;
import dev.slackrelay.local.soak.SoakReport.KillReport;
import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import dev.slackrelay.local.soak.Workload.Channel;
import dev.slackrelay.local.soak.Workload.Item;
import dev.slackrelay.local.soak.Workload.Role;
import dev.slackrelay.poller.PollerCommand;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.queue.MessageAttributes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One scenario from start to reconciliation: a fresh Slack emulator and embedded SQS, the workload published, the
 * faults injected, the relay run (in this JVM, or as a poller process that gets killed) until every message is
 * delivered or dead-lettered and the queue is empty, the dead-letter queue drained. Not thread-safe; run once.
 */
final class ScenarioRun {

    static final double SERVER_ERROR_RATE = 0.10;
    static final double SLOW_RATE = 0.10;
    static final double DROP_RATE = 0.05;
    /** The relay's client timeout while answers are slow, and how late a slow answer comes. */
    static final Duration SLOW_TIMEOUT = Duration.ofSeconds(1);
    static final Duration SLOW_DELAY = Duration.ofMillis(1_500);
    /** The relay's client timeout otherwise: generous, so a busy machine causes no timeouts (nor duplicates). */
    static final Duration SLACK_TIMEOUT = Duration.ofSeconds(5);
    /** How often the emulator switches between processing slow posts and not. */
    static final Duration SLOW_TOGGLE = Duration.ofSeconds(1);
    static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(5);
    /** Short, so the messages a killed poller held come back soon. */
    static final Duration KILL_VISIBILITY = Duration.ofSeconds(5);
    /** The {@code relay} command's long-poll wait (the event-source emulator's default, as Lambda's). */
    static final Duration POLLER_LONG_POLL = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final String PRODUCER = "slack-relay-soak";
    private static final String FOREIGN_PRODUCER = "legacy-cron";

    private final Scenario scenario;
    private final SoakOptions options;
    private final PrintStream progress;
    private final String token = "xoxb-soak-" + UUID.randomUUID().toString().replace("-", "");
    private final List<Channel> channels;
    private final long faultSeed;
    private final SplittableRandom workloadRandom;
    private final Ledger ledger = new Ledger();
    private RelayProcess process;
    private long startNanos;

    ScenarioRun(Scenario scenario, SoakOptions options, PrintStream progress) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.channels = Workload.channels(scenario, options);
        SplittableRandom seeds = new SplittableRandom(options.seed() * 31 + scenario.ordinal());
        this.faultSeed = seeds.nextLong();
        this.workloadRandom = seeds.split();
    }

    ScenarioResult run() throws InterruptedException {
        startNanos = System.nanoTime();
        long deadline = startNanos + timeout().toNanos();
        boolean killing = scenario.has(Fault.POLLER_KILL);
        LocalPipeline.Builder setup = LocalPipeline.builder().emulator(this::emulator)
                .queues(queues -> killing ? queues.visibilityTimeout(KILL_VISIBILITY) : queues)
                .relay(relay -> relay.channelInterval(options.channelInterval()).backoffBase(BACKOFF_BASE)
                        .backoffCap(BACKOFF_CAP).slackTimeout(slackTimeout()).metricsService(PRODUCER)
                        .messagesPerPost(options.messagesPerPost()))
                .concurrency(concurrency()).producer(PRODUCER);
        if (killing) {
            setup.host(pipeline -> process = new RelayProcess(processEnvironment(pipeline), pipeline.deliveryLog()));
        }
        try (LocalPipeline pipeline = setup.start()) {
            SlackEmulator slack = pipeline.slack();
            publish(pipeline);
            injectFaults(slack);
            Thread toggler = scenario.has(Fault.SLOW_ANSWERS) ? toggleSlowAnswersAccepted(slack) : null;
            KillWindow kill = KillWindow.NONE;
            boolean settled;
            try {
                pipeline.startRelay();
                if (process != null) {
                    kill = killAndRestart(process, slack, deadline);
                }
                settled = awaitSettled(pipeline, deadline);
            } finally {
                if (toggler != null) {
                    toggler.interrupt();
                }
                pipeline.stopRelay();
            }
            DeliveryRecorder log = pipeline.deliveryLog();
            return new ScenarioReconciliation(scenario, options.channelInterval(), channels, ledger, slack.posts(),
                    pipeline.deadLetters().all(), pipeline.relayConfig().slackBotToken(), log.entries(),
                    log.secretLeaks(), slack.stats(), kill.report(), kill.fromMillis(), kill.toMillis(),
                    kill.orphansMillis(), Duration.ofNanos(System.nanoTime() - startNanos), !settled).result();
        }
    }

    /** Generous: a run that needs it has failed anyway. */
    private Duration timeout() {
        Duration work = options.channelInterval().multipliedBy(options.messagesPerChannel())
                .plus(options.stormInterval().multipliedBy(options.troubledMessagesPerChannel()));
        return Duration.ofSeconds(90).plus(work.multipliedBy(5));
    }

    private int concurrency() {
        return options.concurrency() > 0 ? options.concurrency() : channels.size();
    }

    private SlackEmulator.Builder emulator(SlackEmulator.Builder emulator) {
        Set<String> known = new HashSet<>();
        Set<String> archived = new HashSet<>();
        for (Channel channel : channels) {
            switch (channel.role()) {
                case HEALTHY, STORM -> known.add(channel.name());
                case ARCHIVED -> archived.add(channel.name());
                case NOT_FOUND -> {
                }
            }
        }
        // The relay paces from when a request left: one that reaches the emulator late (a busy machine) makes the
        // next arrive early. Burst 3, as Slack tolerates short bursts, keeps that from turning into a 429; the
        // spacing check counts posts closer than half the interval, which transit jitter on a loaded 2-core machine
        // does not reach and a pacing fault does (B1 measures the spacing at 0.9 of the interval).
        return emulator.token(token).channels(known).archived(archived)
                .ratePerSecond(1000.0 / options.channelInterval().toMillis()).burst(3)
                .spacingTolerance(options.channelInterval().dividedBy(2))
                .faults(FaultOptions.none().withSeed(faultSeed));
    }

    private void injectFaults(SlackEmulator slack) {
        if (scenario.has(Fault.SERVER_ERRORS)) {
            slack.faults().serverErrorRate(SERVER_ERROR_RATE);
        }
        if (scenario.has(Fault.SLOW_ANSWERS)) {
            slack.faults().slowAnswers(SLOW_RATE, SLOW_DELAY).slowAnswersAccepted(true);
        }
        if (scenario.has(Fault.DROPPED_CONNECTIONS)) {
            slack.faults().dropRate(DROP_RATE);
        }
        for (Channel channel : channels) {
            if (channel.role() == Role.STORM) {
                slack.faults().channelRate(channel.name(), 1000.0 / options.stormInterval().toMillis());
            }
        }
    }

    /** Some slow posts are processed (the relay times out although Slack posted: a duplicate), some are not. */
    private static Thread toggleSlowAnswersAccepted(SlackEmulator slack) {
        return Thread.ofVirtual().name("soak-slow-answers").start(() -> {
            boolean accepted = true;
            try {
                while (true) {
                    Thread.sleep(SLOW_TOGGLE);
                    accepted = !accepted;
                    slack.faults().slowAnswersAccepted(accepted);
                }
            } catch (InterruptedException done) {
                // the scenario is over
            }
        });
    }

    /** The standalone poller's configuration, as a user would set it (its backoff base is the default 2 s). */
    private Map<String, String> processEnvironment(LocalPipeline pipeline) {
        Map<String, String> env = new HashMap<>(pipeline.sqs().clientEnvironment());
        env.putAll(pipeline.relayConfig().toEnvironment());
        env.put(PollerCommand.MAX_CONCURRENCY, Integer.toString(concurrency()));
        return env;
    }

    private Duration slackTimeout() {
        return scenario.has(Fault.SLOW_ANSWERS) ? SLOW_TIMEOUT : SLACK_TIMEOUT;
    }

    // ---- publishing ----

    /** Every channel publishes its items in order on its own thread; all of it is queued before the relay starts. */
    private void publish(LocalPipeline pipeline) throws InterruptedException {
        Map<Channel, List<Item>> plan = new LinkedHashMap<>();
        for (Channel channel : channels) {
            plan.put(channel, Workload.items(channel, options, scenario.has(Fault.POISON), workloadRandom));
        }
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            plan.forEach((channel, items) -> running.add(tasks.submit(() -> {
                for (Item item : items) {
                    send(channel, item, pipeline);
                }
            })));
            for (Future<?> task : running) {
                task.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the workload: " + e.getCause(), e.getCause());
        }
    }

    private void send(Channel channel, Item item, LocalPipeline pipeline) {
        switch (item) {
            case Item.Numbered numbered -> {
                PublishReceipt receipt = pipeline.publisher().publish(numbered.message());
                ledger.add(new Published(receipt.messageId(), channel.name(), numbered.seq(),
                        channel.name() + " #" + numbered.seq(), expectedReason(channel.role())));
            }
            case Item.Poison poison -> {
                String id = pipeline.sqs().client().sendMessage(r -> r.queueUrl(pipeline.sqs().queueUrl())
                        .messageBody(poison.body()).messageGroupId(poison.group())
                        .messageDeduplicationId(UUID.randomUUID().toString())
                        .messageAttributes(Map.of(MessageAttributes.PRODUCER, MessageAttributeValue.builder().dataType("String")
                                .stringValue(FOREIGN_PRODUCER).build()))).messageId();
                ledger.add(new Published(id, poison.group(), 0, "poison (" + poison.kind() + ") in " + poison.group(),
                        poison.expectedReason()));
            }
        }
    }

    private static String expectedReason(Role role) {
        return switch (role) {
            case HEALTHY, STORM -> null;
            case NOT_FOUND -> "slack_error: channel_not_found";
            case ARCHIVED -> "slack_error: is_archived";
        };
    }

    // ---- waiting ----

    /**
     * The poller's kill, in wall-clock milliseconds: when it was told to die, when its successor polled, and until
     * when its orphaned long polls may still take messages.
     *
     * @param report what to report, or {@code null} if nothing was killed
     */
    private record KillWindow(KillReport report, long fromMillis, long toMillis, long orphansMillis) {
        static final KillWindow NONE = new KillWindow(null, 0, 0, 0);
    }

    /**
     * Waits until a third of the healthy messages are posted and then for the next accepted post, so that the
     * poller that made it is holding the channel for its interval, between Slack's answer and the delete; then
     * SIGKILLs the poller and starts a new one.
     */
    private KillWindow killAndRestart(RelayProcess process, SlackEmulator slack, long deadline)
            throws InterruptedException {
        Set<String> healthyChannels = new HashSet<>();
        channels.stream().filter(c -> c.role() == Role.HEALTHY).forEach(c -> healthyChannels.add(c.name()));
        long healthy = ledger.all().values().stream()
                .filter(p -> healthyChannels.contains(p.channel()) && p.seq() > 0).count();
        long target = Math.max(1, healthy / 3);
        await(() -> slack.stats().accepted() >= target, deadline, POLL);
        long before = slack.stats().accepted();
        await(() -> slack.stats().accepted() > before, Math.min(deadline, System.nanoTime()
                + Duration.ofSeconds(10).toNanos()), Duration.ofMillis(2));
        long killNanos = System.nanoTime();
        long fromMillis = System.currentTimeMillis();
        long pid = process.pid();
        long postsBefore = slack.stats().accepted();
        process.kill();
        process.start();
        long toMillis = System.currentTimeMillis();
        progress.printf(Locale.ROOT, "  [%s] poller pid %d SIGKILLed after %d posts; pid %d polls again%n",
                scenario.label(), pid, postsBefore, process.pid());
        return new KillWindow(new KillReport(pid, Duration.ofNanos(killNanos - startNanos), postsBefore,
                Duration.ofNanos(System.nanoTime() - killNanos)), fromMillis, toMillis,
                fromMillis + POLLER_LONG_POLL.toMillis());
    }

    private static void await(BooleanSupplier condition, long deadline, Duration poll) throws InterruptedException {
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(poll);
        }
    }

    /**
     * Waits until every published message is delivered or dead-lettered and the queue is empty (nothing in flight,
     * nothing waiting for a retry), printing progress every 10 s.
     *
     * @return whether that happened before {@code deadline}
     */
    private boolean awaitSettled(LocalPipeline pipeline, long deadline) throws InterruptedException {
        long[] nextProgress = {System.nanoTime() + PROGRESS_EVERY.toNanos()};
        return pipeline.awaitSettled(Duration.ofNanos(deadline - System.nanoTime()),
                () -> reconcile(pipeline).settled(), () -> {
                    long now = System.nanoTime();
                    if (now > nextProgress[0]) {
                        nextProgress[0] = now + PROGRESS_EVERY.toNanos();
                        Reconciliation so = reconcile(pipeline);
                        progress.printf(Locale.ROOT, "  [%s] %.0f s: %d of %d settled (delivered %d, dead-lettered"
                                        + " %d), %d on the queue, %d 429s%n", scenario.label(), (now - startNanos) / 1e9,
                                so.published().size() - so.lost().size(), so.published().size(),
                                so.delivered().size(), so.deadLetters().size(), pipeline.onQueue(),
                                pipeline.slack().stats().rateLimited());
                    }
                });
    }

    private Reconciliation reconcile(LocalPipeline pipeline) {
        return Reconciliation.of(ledger, pipeline.deliveries(post -> ScenarioReconciliation.identify(ledger, post)),
                pipeline.deadLetters().drained());
    }
}
