package dev.slackrelay.local.soak;

import java.io.PrintStream;
import java.net.URI;
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

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.FaultOptions;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.soak.Ledger.Published;
import dev.slackrelay.local.soak.Scenario.Fault;
import dev.slackrelay.local.soak.SoakReport.KillReport;
import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import dev.slackrelay.local.soak.Workload.Channel;
import dev.slackrelay.local.soak.Workload.Item;
import dev.slackrelay.local.soak.Workload.Role;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.RelayConfig;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final Set<String> delivered = new HashSet<>();
    private int postsSeen;
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
        DeliveryLogRecorder log = new DeliveryLogRecorder(token);
        EmbeddedSqs.Builder sqsOptions = EmbeddedSqs.builder();
        if (scenario.has(Fault.POLLER_KILL)) {
            sqsOptions.visibilityTimeout(KILL_VISIBILITY);
        }
        try (SlackEmulator slack = emulator().start(); EmbeddedSqs sqs = sqsOptions.build().start()) {
            publish(sqs);
            injectFaults(slack);
            RelayHost host = scenario.has(Fault.POLLER_KILL) ? new RelayProcess(processEnvironment(slack, sqs), log)
                    : new InProcessRelay(relayConfig(slack, sqs), sqs, concurrency(), log);
            Thread toggler = scenario.has(Fault.SLOW_ANSWERS) ? toggleSlowAnswersAccepted(slack) : null;
            KillWindow kill = KillWindow.NONE;
            boolean settled;
            try {
                host.start();
                if (host instanceof RelayProcess process) {
                    kill = killAndRestart(process, slack, deadline);
                }
                settled = awaitSettled(slack, sqs, deadline);
            } finally {
                if (toggler != null) {
                    toggler.interrupt();
                }
                host.close();
            }
            drainDeadLetters(sqs);
            return new Reconciliation(scenario, options.channelInterval(), channels, ledger, slack.posts(),
                    Map.copyOf(deadLetters), log.entries(), log.secretLeaks(), slack.stats(), kill.report(),
                    kill.fromMillis(), kill.toMillis(), kill.orphansMillis(),
                    Duration.ofNanos(System.nanoTime() - startNanos), !settled).result();
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

    private SlackEmulator emulator() {
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
        // The relay paces from when a request is sent: one that reaches the emulator late (a busy machine) makes the
        // next arrive early. Burst 3, as Slack tolerates short bursts, keeps that from turning into a 429; the
        // spacing check (a tenth of the interval of tolerance) still counts it.
        return SlackEmulator.builder().token(token).channels(known).archived(archived)
                .ratePerSecond(1000.0 / options.channelInterval().toMillis()).burst(3)
                .spacingTolerance(options.channelInterval().dividedBy(10))
                .faults(FaultOptions.none().withSeed(faultSeed)).build();
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

    private RelayConfig relayConfig(SlackEmulator slack, EmbeddedSqs sqs) {
        return RelayConfig.builder().queueUrl(sqs.queueUrl()).deadLetterQueueUrl(sqs.dlqUrl()).slackBotToken(token)
                .slackApiUrl(URI.create(slack.apiUrl())).channelInterval(options.channelInterval())
                .backoffBase(BACKOFF_BASE).backoffCap(BACKOFF_CAP).maxReceiveCount(sqs.queueSpec().maxReceiveCount())
                .slackTimeout(slackTimeout()).metricsService(PRODUCER).build();
    }

    /** The standalone poller's configuration, as a user would set it (its backoff base is the default 2 s). */
    private Map<String, String> processEnvironment(SlackEmulator slack, EmbeddedSqs sqs) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        env.put("AWS_REGION", sqs.region());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("SQS_QUEUE_URL", sqs.queueUrl());
        env.put("SQS_DLQ_URL", sqs.dlqUrl());
        env.put("SLACK_BOT_TOKEN", token);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("CHANNEL_INTERVAL_MS", Long.toString(options.channelInterval().toMillis()));
        env.put("SLACK_TIMEOUT_MS", Long.toString(slackTimeout().toMillis()));
        env.put("BACKOFF_CAP_SECONDS", Long.toString(BACKOFF_CAP.toSeconds()));
        env.put("MAX_RECEIVE_COUNT", Integer.toString(sqs.queueSpec().maxReceiveCount()));
        env.put("MAX_CONCURRENCY", Integer.toString(concurrency()));
        env.put("METRICS_SERVICE", PRODUCER);
        return env;
    }

    private Duration slackTimeout() {
        return scenario.has(Fault.SLOW_ANSWERS) ? SLOW_TIMEOUT : SLACK_TIMEOUT;
    }

    // ---- publishing ----

    /** Every channel publishes its items in order on its own thread; all of it is queued before the relay starts. */
    private void publish(EmbeddedSqs sqs) throws InterruptedException {
        Map<Channel, List<Item>> plan = new LinkedHashMap<>();
        for (Channel channel : channels) {
            plan.put(channel, Workload.items(channel, options, scenario.has(Fault.POISON), workloadRandom));
        }
        try (SqsClient client = sqs.newClient();
             SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl()).sqsClient(client)
                     .producer(PRODUCER).build();
             ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            plan.forEach((channel, items) -> running.add(tasks.submit(() -> {
                for (Item item : items) {
                    send(channel, item, publisher, client, sqs.queueUrl());
                }
            })));
            for (Future<?> task : running) {
                task.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the workload: " + e.getCause(), e.getCause());
        }
    }

    private void send(Channel channel, Item item, SlackRelayPublisher publisher, SqsClient client, String queueUrl) {
        switch (item) {
            case Item.Numbered numbered -> {
                PublishReceipt receipt = publisher.publish(numbered.message());
                ledger.add(new Published(receipt.messageId(), channel.name(), numbered.seq(), channel.role(),
                        expectedReason(channel.role()), channel.name() + " #" + numbered.seq()));
            }
            case Item.Poison poison -> {
                String id = client.sendMessage(r -> r.queueUrl(queueUrl).messageBody(poison.body())
                        .messageGroupId(poison.group()).messageDeduplicationId(UUID.randomUUID().toString())
                        .messageAttributes(Map.of("producer", MessageAttributeValue.builder().dataType("String")
                                .stringValue(FOREIGN_PRODUCER).build()))).messageId();
                ledger.add(new Published(id, poison.group(), 0, channel.role(), poison.expectedReason(),
                        "poison (" + poison.kind() + ") in " + poison.group()));
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
        long healthy = ledger.all().values().stream().filter(p -> p.role() == Role.HEALTHY && p.seq() > 0).count();
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
     * nothing waiting for a retry), draining the dead-letter queue meanwhile.
     *
     * @return whether that happened before {@code deadline}
     */
    private boolean awaitSettled(SlackEmulator slack, EmbeddedSqs sqs, long deadline) throws InterruptedException {
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (true) {
            drainDeadLetters(sqs);
            List<AcceptedPost> posts = slack.posts();
            for (; postsSeen < posts.size(); postsSeen++) {
                AcceptedPost post = posts.get(postsSeen);
                Workload.marker(post.text()).map(m -> ledger.numberedId(m.channel(), m.seq()))
                        .ifPresent(delivered::add);
            }
            long settled = ledger.all().keySet().stream()
                    .filter(id -> delivered.contains(id) || deadLetters.containsKey(id)).count();
            long queued = queueDepth(sqs);
            if (settled == ledger.size() && queued == 0) {
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                return false;
            }
            if (now > nextProgress) {
                nextProgress = now + PROGRESS_EVERY.toNanos();
                progress.printf(Locale.ROOT, "  [%s] %.0f s: %d of %d settled (delivered %d, dead-lettered %d),"
                                + " %d on the queue, %d 429s%n", scenario.label(), (now - startNanos) / 1e9, settled,
                        ledger.size(), delivered.size(), deadLetters.size(), queued, slack.stats().rateLimited());
            }
            Thread.sleep(POLL);
        }
    }

    private static long queueDepth(EmbeddedSqs sqs) {
        return sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.queueUrl()).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Takes every dead letter off the DLQ: a FIFO queue hands out no more of a group while one is in flight. */
    private void drainDeadLetters(EmbeddedSqs sqs) {
        SqsClient client = sqs.client();
        while (true) {
            List<Message> batch = client.receiveMessage(r -> r.queueUrl(sqs.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(30).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            if (batch.isEmpty()) {
                return;
            }
            for (Message message : batch) {
                String source = attribute(message, "sourceMessageId");
                // a message moved by the redrive policy (not by the relay) keeps its own ID and has no reason
                String id = source != null ? source : message.messageId();
                boolean leaks = message.body().contains(token) || message.messageAttributes().values().stream()
                        .anyMatch(v -> v.stringValue() != null && v.stringValue().contains(token));
                deadLetters.putIfAbsent(id, new DeadLetter(id,
                        message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "?"),
                        attribute(message, "reason"), attribute(message, "slackError"), leaks));
                client.deleteMessage(r -> r.queueUrl(sqs.dlqUrl()).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }
}
