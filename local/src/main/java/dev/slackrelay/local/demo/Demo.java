package dev.slackrelay.local.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.emulator.FaultOptions;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.demo.DemoReport.ChannelResult;
import dev.slackrelay.local.demo.DemoReport.DeadLetter;
import dev.slackrelay.local.demo.DemoReport.Rejection;
import dev.slackrelay.local.demo.ProgressView.Snapshot;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local demo: the whole pipeline in one process, under a realistic burst, with a report that proves nothing was
 * lost.
 *
 * <p>It starts the Slack emulator (per-channel rate limit, burst 1), an embedded SQS with the template's FIFO queue
 * and dead-letter queue, the relay (the Lambda handler) behind the SQS event-source emulator, and then lets many
 * simulated batch tasks, each on its own virtual thread, publish through the publisher library: numbered messages
 * per channel, a few invalid ones the publisher rejects, a few to a channel Slack does not know, and a foreign
 * producer's malformed body sent straight to SQS. It waits until every queued message is delivered or
 * dead-lettered, then reports per channel what arrived, how fast, in which order, and what was lost (must be none).
 *
 * <p>With {@link DemoOptions#realSlack()} it posts a handful of messages to a real Slack channel instead, and the
 * report comes from the relay's own delivery log and the dead-letter queue.
 *
 * <p>Not thread-safe: one {@link #run()} at a time per instance.
 */
public final class Demo {

    /** The bot token the emulator accepts in the demo. */
    static final String EMULATOR_TOKEN = "xoxb-slack-relay-demo";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String PRODUCER = "slack-relay-demo";
    private static final String FOREIGN_PRODUCER = "legacy-cron";

    private final DemoOptions options;
    private final PrintStream out;

    /**
     * @param options what to run
     * @param out     where the introduction and progress lines go (a progress bar draws on the terminal)
     */
    public Demo(DemoOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Runs the demo to the end and shuts everything down.
     *
     * @return the report; {@link DemoReport#ok()} tells whether nothing was lost and every channel kept its order
     * @throws InterruptedException if interrupted while waiting; everything is shut down all the same
     */
    public DemoReport run() throws InterruptedException {
        List<String> channels = options.realSlack() ? List.of(options.slackChannel())
                : DemoMessages.channels(options.channels());
        Deque<AutoCloseable> open = new ArrayDeque<>();
        try {
            SlackEmulator emulator = null;
            if (!options.realSlack()) {
                emulator = startEmulator(channels);
                open.push(emulator);
            }
            EmbeddedSqs sqs = EmbeddedSqs.builder().build().start();
            open.push(sqs);
            RelayLogTap tap = new RelayLogTap(deliveryLogCopy());
            open.push(tap);
            PrintStream log = new PrintStream(tap, true, StandardCharsets.UTF_8);
            Relay relay = Relay.create(relayConfig(sqs, emulator), sqs.client(), log);
            open.push(relay);
            // Short long polls: stopping waits idle ones out, and the embedded queue goes away with the poller.
            EventSourcePoller poller = EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(sqs.queueUrl())
                    .queueArn(sqs.queueArn()).handler(new RelayHandler(relay)).maxConcurrency(options.concurrency())
                    .waitTimeSeconds(1).build().start();
            open.push(() -> poller.stop(STOP_GRACE));
            SqsClient publisherClient = sqs.newClient();
            open.push(publisherClient);
            SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                    .sqsClient(publisherClient).producer(PRODUCER).build();
            open.push(publisher);

            Source source = emulator != null ? new EmulatorSource(emulator)
                    : new RelayLogSource(tap, options.slackApiUrl() != null
                            ? "Slack API " + options.slackApiUrl() + " (real-Slack mode)" : "Slack (real)");
            printIntroduction(channels, emulator, sqs);
            return new Run(channels, sqs, publisher, publisherClient, poller, source).execute();
        } finally {
            closeAll(open);
        }
    }

    private SlackEmulator startEmulator(List<String> channels) {
        Set<String> known = new LinkedHashSet<>(channels);
        known.add(DemoMessages.QUIET_CHANNEL);
        FaultOptions faults = options.faults()
                ? FaultOptions.none().withServerErrorRate(0.05).withLatency(Duration.ofMillis(40))
                : FaultOptions.none();
        return SlackEmulator.builder().token(EMULATOR_TOKEN).channels(known).ratePerSecond(options.emulatorRate())
                .burst(1).faults(faults).build().start();
    }

    private RelayConfig relayConfig(EmbeddedSqs sqs, SlackEmulator emulator) {
        return RelayConfig.builder()
                .queueUrl(sqs.queueUrl())
                .deadLetterQueueUrl(sqs.dlqUrl())
                .slackBotToken(emulator != null ? EMULATOR_TOKEN : options.slackToken())
                .slackApiUrl(emulator != null ? URI.create(emulator.apiUrl()) : options.slackApiUrl())
                .channelInterval(options.channelInterval())
                // short enough that a transient failure is retried within the demo's minute
                .backoffBase(Duration.ofSeconds(1))
                .backoffCap(Duration.ofSeconds(10))
                .maxReceiveCount(sqs.queueSpec().maxReceiveCount())
                .slackTimeout(Duration.ofSeconds(5))
                .metricsService("slack-relay-demo")
                .build();
    }

    private OutputStream deliveryLogCopy() {
        if (options.deliveryLog() == null) {
            return null;
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(options.deliveryLog()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery log " + options.deliveryLog(), e);
        }
    }

    private void printIntroduction(List<String> channels, SlackEmulator emulator, EmbeddedSqs sqs) {
        int numbered = channels.size() * options.messagesPerChannel();
        out.println("slack-relay demo");
        if (emulator != null) {
            out.printf(Locale.ROOT, "  Slack    emulator %s: %.2f post/s per channel, burst 1%s%n", emulator.apiUrl(),
                    options.emulatorRate(), options.faults() ? "; faults: 5%% answered 5xx, +40 ms latency" : "");
        } else {
            out.printf(Locale.ROOT, "  Slack    %s, channel %s; the report comes from the relay's delivery log%n",
                    options.slackApiUrl() != null ? options.slackApiUrl() : "REAL Slack", options.slackChannel());
        }
        out.printf(Locale.ROOT, "  SQS      ElasticMQ %s: %s (visibility %d s, maxReceiveCount %d) + %s%n",
                sqs.endpoint(), sqs.queueName(), sqs.queueSpec().visibilityTimeout().toSeconds(),
                sqs.queueSpec().maxReceiveCount(), sqs.dlqName());
        out.printf(Locale.ROOT, "  relay    Lambda handler behind the SQS event-source emulator: %d workers, channel"
                + " interval %d ms%n", options.concurrency(), options.channelInterval().toMillis());
        out.printf(Locale.ROOT, "  publish  %d batch tasks within %.1f s: %d channels x %d numbered messages,"
                        + " %d invalid, %d to %s, %d foreign poison%n", numbered + options.invalidMessages()
                        + options.unknownChannelMessages() + options.poisonMessages(),
                options.publishWindow().toMillis() / 1000.0, channels.size(), options.messagesPerChannel(),
                options.invalidMessages(), options.unknownChannelMessages(), DemoMessages.UNKNOWN_CHANNEL,
                options.poisonMessages());
        out.println();
        out.flush();
    }

    private static void closeAll(Deque<AutoCloseable> open) {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                System.err.println("demo: could not shut down cleanly: " + e);
            }
        }
    }

    /** One accepted post: the published message it was (or {@code null}), its channel and when it arrived. */
    private record Post(String channel, String messageId, double atMillis) {
    }

    /** Where the demo learns what Slack accepted. */
    private sealed interface Source permits EmulatorSource, RelayLogSource {
        /** Every accepted post, in acceptance order. */
        List<Post> posts(Ledger ledger);

        long rateLimited();

        long rateLimited(String channel);

        /** Posts that reached Slack closer than its interval; -1 when unknown. */
        long spacingViolations(String channel);

        double rateLimit();

        String target();
    }

    /** The emulator's record of accepted posts: what Slack really received. */
    private record EmulatorSource(SlackEmulator emulator) implements Source {
        @Override
        public List<Post> posts(Ledger ledger) {
            List<Post> posts = new ArrayList<>();
            for (AcceptedPost post : emulator.posts()) {
                OptionalInt number = DemoMessages.number(post.text());
                String id = number.isPresent() ? ledger.numberedId(post.channel(), number.getAsInt()) : null;
                posts.add(new Post(post.channel(), id, post.arrivalMillis()));
            }
            return posts;
        }

        @Override
        public long rateLimited() {
            return emulator.stats().rateLimited();
        }

        @Override
        public long rateLimited(String channel) {
            return emulator.stats().channel(channel).rateLimited();
        }

        @Override
        public long spacingViolations(String channel) {
            EmulatorStats.ChannelStats stats = emulator.stats().channel(channel);
            return stats.spacingViolations();
        }

        @Override
        public double rateLimit() {
            return emulator.options().ratePerSecond();
        }

        @Override
        public String target() {
            return "Slack emulator " + emulator.apiUrl();
        }
    }

    /** The relay's delivery log: what the relay saw Slack accept (real Slack keeps no record we can read). */
    private record RelayLogSource(RelayLogTap tap, String target) implements Source {
        @Override
        public List<Post> posts(Ledger ledger) {
            return tap.delivered().stream().map(d -> {
                Ledger.Published published = ledger.byId.get(d.messageId());
                return new Post(published != null ? published.channel() : d.channel(),
                        published != null ? d.messageId() : null, d.atMillis());
            }).toList();
        }

        @Override
        public long rateLimited() {
            return tap.rateLimited();
        }

        @Override
        public long rateLimited(String channel) {
            return tap.rateLimited(channel);
        }

        @Override
        public long spacingViolations(String channel) {
            return -1;
        }

        @Override
        public double rateLimit() {
            return 1.0;
        }

    }

    /** Every message the demo queued or tried to, filled by the publishing tasks. Thread-safe. */
    private static final class Ledger {
        record Published(String messageId, String channel, int number, String origin) {
        }

        final ConcurrentMap<String, Published> byId = new ConcurrentHashMap<>();
        final ConcurrentMap<String, String> numbered = new ConcurrentHashMap<>();
        final Queue<Rejection> rejected = new ConcurrentLinkedQueue<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        void published(String messageId, String channel, int number, String origin) {
            byId.put(messageId, new Published(messageId, channel, number, origin));
            if (number > 0) {
                numbered.put(channel + " " + number, messageId);
            }
        }

        String numberedId(String channel, int number) {
            return numbered.get(channel + " " + number);
        }
    }

    /** A channel's numbering: a number is taken and published under the lock, so numbers reach SQS in order. */
    private static final class ChannelSequence {
        final ReentrantLock lock = new ReentrantLock();
        int last;
    }

    /** One execution of the demo, with everything it started. */
    private final class Run {
        private final List<String> channels;
        private final EmbeddedSqs sqs;
        private final SlackRelayPublisher publisher;
        private final SqsClient rawClient;
        private final EventSourcePoller poller;
        private final Source source;
        private final Ledger ledger = new Ledger();
        private final String runId = UUID.randomUUID().toString().substring(0, 8);
        private final long startNanos = System.nanoTime();

        Run(List<String> channels, EmbeddedSqs sqs, SlackRelayPublisher publisher, SqsClient rawClient,
            EventSourcePoller poller, Source source) {
            this.channels = channels;
            this.sqs = sqs;
            this.publisher = publisher;
            this.rawClient = rawClient;
            this.poller = poller;
            this.source = source;
        }

        DemoReport execute() throws InterruptedException {
            long total = (long) channels.size() * options.messagesPerChannel() + options.unknownChannelMessages()
                    + options.poisonMessages();
            Thread publishing = Thread.ofVirtual().name("demo-batch-tasks").start(this::publishEverything);
            boolean timedOut = false;
            Snapshot snapshot;
            try (ProgressView view = ProgressView.create(options.progress(), out, options.progressInterval())) {
                while (true) {
                    boolean published = !publishing.isAlive();
                    snapshot = snapshot(total);
                    view.update(snapshot);
                    if (published && snapshot.settled() >= ledger.byId.size()) {
                        break;
                    }
                    if (elapsed().compareTo(options.timeout()) > 0) {
                        timedOut = true;
                        break;
                    }
                    Thread.sleep(POLL);
                }
                view.finish(snapshot);
            } finally {
                publishing.interrupt();
                publishing.join(STOP_GRACE);
            }
            Duration elapsed = elapsed();
            poller.stop(STOP_GRACE);
            Map<String, DeadLetter> deadLetters = drainDeadLetters();
            return report(elapsed, deadLetters, timedOut);
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private Snapshot snapshot(long total) {
            long delivered = source.posts(ledger).stream().map(Post::messageId).filter(Objects::nonNull).distinct()
                    .count();
            return new Snapshot(elapsed(), total, ledger.byId.size(), delivered, source.rateLimited(),
                    deadLetterQueueDepth());
        }

        private long deadLetterQueueDepth() {
            Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.dlqUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return attributes.values().stream().mapToLong(Long::parseLong).sum();
        }

        // ---- the batch tasks ----

        /** Starts every batch task on its own virtual thread, each finishing at a random moment of the window. */
        private void publishEverything() {
            SplittableRandom random = new SplittableRandom(runId.hashCode());
            long window = options.publishWindow().toMillis();
            try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < channels.size(); c++) {
                    int channelIndex = c;
                    ChannelSequence sequence = new ChannelSequence();
                    for (int m = 0; m < options.messagesPerChannel(); m++) {
                        long delay = random.nextLong(window + 1);
                        tasks.submit(() -> afterDelay(delay, () -> publishNumbered(channelIndex, sequence)));
                    }
                }
                for (int i = 0; i < options.invalidMessages(); i++) {
                    int n = i;
                    long delay = random.nextLong(window + 1);
                    tasks.submit(() -> afterDelay(delay, () -> publishInvalid(n)));
                }
                for (int i = 0; i < options.unknownChannelMessages(); i++) {
                    int n = i;
                    long delay = random.nextLong(window + 1);
                    tasks.submit(() -> afterDelay(delay, () -> publishToUnknownChannel(n)));
                }
                for (int i = 0; i < options.poisonMessages(); i++) {
                    int n = i;
                    long delay = random.nextLong(window + 1);
                    tasks.submit(() -> afterDelay(delay, () -> sendPoison(n)));
                }
            }
        }

        private void afterDelay(long millis, Runnable task) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                ledger.failures.add(e.toString());
            }
        }

        private void publishNumbered(int channelIndex, ChannelSequence sequence) {
            String channel = channels.get(channelIndex);
            sequence.lock.lock();
            try {
                int number = sequence.last + 1;
                SlackMessage message = DemoMessages.numbered(channel, channelIndex, number, runId);
                try {
                    PublishReceipt receipt = publisher.publish(message);
                    sequence.last = number;
                    ledger.published(receipt.messageId(), channel, number, channel + " message " + number);
                } catch (InvalidMessageException e) {
                    ledger.rejected.add(new Rejection(channel, e.reasons()));
                } catch (SdkException e) {
                    ledger.failures.add(channel + " message " + number + ": " + e.getMessage());
                }
            } finally {
                sequence.lock.unlock();
            }
        }

        private void publishInvalid(int i) {
            SlackMessage message = DemoMessages.invalid(i, channels.get(i % channels.size()));
            try {
                PublishReceipt receipt = publisher.publish(message);
                ledger.published(receipt.messageId(), message.channel(), 0, "invalid, yet queued");
            } catch (InvalidMessageException e) {
                ledger.rejected.add(new Rejection(message.channel(), e.reasons()));
            } catch (SdkException e) {
                ledger.failures.add("invalid message " + i + ": " + e.getMessage());
            }
        }

        private void publishToUnknownChannel(int i) {
            SlackMessage message = DemoMessages.toUnknownChannel(i);
            try {
                PublishReceipt receipt = publisher.publish(message);
                ledger.published(receipt.messageId(), message.channel(), 0, "unknown channel");
            } catch (InvalidMessageException e) {
                ledger.rejected.add(new Rejection(message.channel(), e.reasons()));
            } catch (SdkException e) {
                ledger.failures.add(message.channel() + " message " + i + ": " + e.getMessage());
            }
        }

        /** A producer that does not use the publisher library, so nothing checks its body before the queue. */
        private void sendPoison(int i) {
            String group = channels.get(0);
            try {
                String messageId = rawClient.sendMessage(r -> r.queueUrl(sqs.queueUrl())
                        .messageBody(DemoMessages.poisonBody(i)).messageGroupId(group)
                        .messageDeduplicationId(UUID.randomUUID().toString())
                        .messageAttributes(Map.of("producer", MessageAttributeValue.builder().dataType("String")
                                .stringValue(FOREIGN_PRODUCER).build()))).messageId();
                ledger.published(messageId, group, 0, "foreign producer");
            } catch (SdkException e) {
                ledger.failures.add("foreign message " + i + ": " + e.getMessage());
            }
        }

        // ---- the report ----

        /** Every dead letter, by the ID of the message it is a copy of. */
        private Map<String, DeadLetter> drainDeadLetters() {
            Map<String, DeadLetter> bySource = new LinkedHashMap<>();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                List<Message> messages = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl())
                        .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (Message message : messages) {
                    String sourceId = attribute(message, "sourceMessageId");
                    // a message moved by the redrive policy (not by the relay) keeps its own ID and has no reason
                    String id = sourceId != null ? sourceId : message.messageId();
                    Ledger.Published published = ledger.byId.get(id);
                    String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
                    String receiveCount = attribute(message, "receiveCount");
                    bySource.putIfAbsent(id, new DeadLetter(group != null ? group : "?",
                            Objects.requireNonNullElse(attribute(message, "reason"), "(moved by the redrive policy)"),
                            attribute(message, "slackError"), receiveCount == null ? 0 : Integer.parseInt(receiveCount),
                            published != null ? published.origin() : "not published by the demo"));
                    // deleting unlocks the message group, so the next dead letter of the same channel comes out
                    sqs.client().deleteMessage(r -> r.queueUrl(sqs.dlqUrl()).receiptHandle(message.receiptHandle()));
                }
            }
            return bySource;
        }

        private static String attribute(Message message, String name) {
            MessageAttributeValue value = message.messageAttributes().get(name);
            return value == null ? null : value.stringValue();
        }

        private DemoReport report(Duration elapsed, Map<String, DeadLetter> deadLetters, boolean timedOut) {
            List<Post> posts = source.posts(ledger);
            Set<String> delivered = new HashSet<>();
            long duplicates = 0;
            long unexpected = 0;
            for (Post post : posts) {
                if (post.messageId() == null) {
                    unexpected++;
                } else if (!delivered.add(post.messageId())) {
                    duplicates++;
                }
            }
            Map<String, Ledger.Published> published = Map.copyOf(ledger.byId);
            Set<String> deadLettered = new HashSet<>(deadLetters.keySet());
            deadLettered.retainAll(published.keySet());
            long lost = published.keySet().stream()
                    .filter(id -> !delivered.contains(id) && !deadLettered.contains(id)).count();

            List<ChannelResult> results = new ArrayList<>();
            for (String channel : channels) {
                results.add(channelResult(channel, posts, published));
            }
            String relay = options.concurrency() + " workers, channel interval " + options.channelInterval().toMillis()
                    + " ms";
            return new DemoReport(source.target(), relay, elapsed, source.rateLimit(), results,
                    List.copyOf(deadLetters.values()),
                    List.copyOf(ledger.rejected), List.copyOf(ledger.failures), published.size(),
                    delivered.size(), deadLettered.size(), duplicates, lost, unexpected, source.rateLimited(),
                    poller.stats().itemFailures(), timedOut);
        }

        private ChannelResult channelResult(String channel, List<Post> allPosts,
                                            Map<String, Ledger.Published> published) {
            List<Post> posts = allPosts.stream().filter(p -> p.channel().equals(channel)).toList();
            List<Integer> numbers = posts.stream().filter(p -> p.messageId() != null)
                    .map(p -> published.get(p.messageId()).number()).filter(n -> n > 0).toList();
            long distinct = numbers.stream().distinct().count();
            boolean inOrder = true;
            String detail = null;
            int previous = 0;
            for (int number : numbers) {
                if (number == previous) {
                    continue;
                }
                if (number < previous) {
                    inOrder = false;
                    detail = number + " after " + previous;
                    break;
                }
                previous = number;
            }
            double rate = Double.NaN;
            if (posts.size() >= 2) {
                double seconds = (posts.getLast().atMillis() - posts.getFirst().atMillis()) / 1000.0;
                rate = seconds > 0 ? (posts.size() - 1) / seconds : Double.POSITIVE_INFINITY;
            }
            long publishedHere = published.values().stream()
                    .filter(p -> p.channel().equals(channel) && p.number() > 0).count();
            return new ChannelResult(channel, publishedHere, distinct, numbers.size() - distinct, rate,
                    source.rateLimited(channel), source.spacingViolations(channel), inOrder, detail);
        }
    }
}
