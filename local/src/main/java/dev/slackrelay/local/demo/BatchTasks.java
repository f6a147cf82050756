package dev.slackrelay.local.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AcceptedUpdate;
import dev.slackrelay.local.demo.DemoReport.Rejection;
import dev.slackrelay.local.pipeline.Ledger;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.queue.MessageAttributes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The demo's simulated batch tasks, each on its own virtual thread and finishing at a random moment of the publish
 * window: numbered messages per channel, a few invalid ones the publisher rejects, a few to a channel Slack does not
 * know, and a foreign producer's malformed body sent straight to SQS; and urgent messages to the first channel, each
 * once its share of that channel's numbered messages was published (one urgent message: halfway), so they meet a
 * backlog; and batch jobs, each publishing its status, thread and final status by key one after the other at a random
 * moment of the window. Records what was queued in a {@link Ledger}, when each numbered and urgent message was queued, and which
 * published messages a post carries. Thread-safe.
 */
final class BatchTasks {

    private static final String FOREIGN_PRODUCER = "legacy-cron";

    private final DemoOptions options;
    private final List<String> channels;
    private final LocalPipeline pipeline;
    private final String runId;
    private final Ledger ledger = new Ledger();
    private final Queue<Rejection> rejected = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, Instant> queuedAt = new ConcurrentHashMap<>();
    private final Map<Integer, Urgent> urgent = new ConcurrentSkipListMap<>();
    /** Each job message queued, by its title, which is unique in a run. */
    private final Map<String, String> jobIds = new ConcurrentHashMap<>();

    /**
     * An urgent message on the queue.
     *
     * @param number      1, 2, ... (in its title)
     * @param publishedAt when its publish call began
     */
    record Urgent(int number, String messageId, String channel, Instant publishedAt) {
    }

    BatchTasks(DemoOptions options, List<String> channels, LocalPipeline pipeline, String runId) {
        this.options = options;
        this.channels = channels;
        this.pipeline = pipeline;
        this.runId = runId;
    }

    /** Messages the tasks will try to queue: numbered, to the unknown channel, poison, urgent and the jobs'. */
    long total() {
        return (long) channels.size() * options.messagesPerChannel() + options.unknownChannelMessages()
                + options.poisonMessages() + options.urgentMessages() + (long) jobs() * DemoMessages.jobMessages();
    }

    /** The jobs run: none against real Slack, whose messages the demo cannot read back. */
    int jobs() {
        return options.realSlack() ? 0 : options.jobs();
    }

    /** The channel of job {@code number}: the second channel ({@code #deploys}) for the first, then the next ones. */
    String jobChannel(int number) {
        return channels.get(number % channels.size());
    }

    Ledger ledger() {
        return ledger;
    }

    List<Rejection> rejected() {
        return List.copyOf(rejected);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The urgent messages queued so far, by number. */
    List<Urgent> urgent() {
        return List.copyOf(urgent.values());
    }

    /** When the publisher queued this numbered message, or {@code null} if it did not. */
    Instant queuedAt(String messageId) {
        return queuedAt.get(messageId);
    }

    /** The IDs of the published messages a post carries, in order: numbered and urgent ones, each by its number. */
    List<String> identify(AcceptedPost post) {
        List<String> ids = new ArrayList<>();
        for (int n : DemoMessages.numbers(post)) {
            String id = ledger.numberedId(post.channel(), n);
            if (id != null) {
                ids.add(id);
            }
        }
        for (int n : DemoMessages.urgentNumbers(post)) {
            Urgent u = urgent.get(n);
            if (u != null && u.channel().equals(post.channel())) {
                ids.add(u.messageId());
            }
        }
        for (String title : DemoMessages.jobTitles(post)) {
            String id = jobIds.get(title);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The ID of the job message an update carries, or {@code null}. */
    String identify(AcceptedUpdate update) {
        List<String> titles = DemoMessages.jobTitles(update.text());
        return titles.isEmpty() ? null : jobIds.get(titles.getFirst());
    }

    /**
     * A channel's numbering: a number is taken and published under the lock, so numbers reach SQS in order. Each
     * publish tried counts down every milestone, failed ones too, so that no urgent message waits for ever.
     */
    private static final class ChannelSequence {
        final ReentrantLock lock = new ReentrantLock();
        final List<CountDownLatch> milestones;
        int last;

        ChannelSequence(List<CountDownLatch> milestones) {
            this.milestones = milestones;
        }
    }

    /** Runs every task and returns when all are done (or interrupted). */
    void run() {
        SplittableRandom random = new SplittableRandom(runId.hashCode());
        long window = options.publishWindow().toMillis();
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            // a time in the window would not do: on a busy machine the first publishes crawl, and the backlog with them
            List<CountDownLatch> urgentDue = new ArrayList<>();
            for (int n = 1; n <= options.urgentMessages(); n++) {
                urgentDue.add(new CountDownLatch(options.messagesPerChannel() * n / (options.urgentMessages() + 1)));
            }
            for (int c = 0; c < channels.size(); c++) {
                int channelIndex = c;
                ChannelSequence sequence = new ChannelSequence(c == 0 ? urgentDue : List.of());
                for (int m = 0; m < options.messagesPerChannel(); m++) {
                    long delay = random.nextLong(window + 1);
                    tasks.submit(() -> after(() -> Thread.sleep(delay), () -> publishNumbered(channelIndex, sequence)));
                }
            }
            for (int n = 1; n <= options.urgentMessages(); n++) {
                int number = n;
                CountDownLatch due = urgentDue.get(n - 1);
                tasks.submit(() -> after(due::await, () -> publishUrgent(number)));
            }
            for (int n = 1; n <= jobs(); n++) {
                int number = n;
                long delay = random.nextLong(window + 1);
                tasks.submit(() -> after(() -> Thread.sleep(delay), () -> publishJob(number)));
            }
            for (int i = 0; i < options.invalidMessages(); i++) {
                int n = i;
                long delay = random.nextLong(window + 1);
                tasks.submit(() -> after(() -> Thread.sleep(delay), () -> publishInvalid(n)));
            }
            for (int i = 0; i < options.unknownChannelMessages(); i++) {
                int n = i;
                long delay = random.nextLong(window + 1);
                tasks.submit(() -> after(() -> Thread.sleep(delay), () -> publishToUnknownChannel(n)));
            }
            for (int i = 0; i < options.poisonMessages(); i++) {
                int n = i;
                long delay = random.nextLong(window + 1);
                tasks.submit(() -> after(() -> Thread.sleep(delay), () -> sendPoison(n)));
            }
        }
    }

    /** What a task waits for before it publishes: its moment in the window, or a milestone of a channel. */
    @FunctionalInterface
    private interface Wait {
        void await() throws InterruptedException;
    }

    private void after(Wait wait, Runnable task) {
        try {
            wait.await();
        } catch (InterruptedException e) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            failures.add(e.toString());
        }
    }

    private void publishNumbered(int channelIndex, ChannelSequence sequence) {
        String channel = channels.get(channelIndex);
        sequence.lock.lock();
        try {
            int number = sequence.last + 1;
            SlackMessage message = DemoMessages.numbered(channel, channelIndex, number, runId);
            try {
                PublishReceipt receipt = pipeline.publisher().publish(message);
                queuedAt.put(receipt.messageId(), Instant.now());
                sequence.last = number;
                ledger.add(new Published(receipt.messageId(), channel, number, channel + " message " + number, null));
            } catch (InvalidMessageException e) {
                rejected.add(new Rejection(channel, e.reasons()));
            } catch (SdkException e) {
                failures.add(channel + " message " + number + ": " + e.getMessage());
            }
        } finally {
            sequence.lock.unlock();
            sequence.milestones.forEach(CountDownLatch::countDown);
        }
    }

    /** To the first channel, the busiest: it carries the poison too. */
    private void publishUrgent(int number) {
        String channel = channels.get(0);
        SlackMessage message = DemoMessages.urgent(channel, number, runId);
        Instant publishedAt = Instant.now();
        try {
            PublishReceipt receipt = pipeline.publisher().publish(message);
            urgent.put(number, new Urgent(number, receipt.messageId(), channel, publishedAt));
            ledger.add(new Published(receipt.messageId(), channel, 0, channel + " urgent " + number, null));
        } catch (InvalidMessageException e) {
            rejected.add(new Rejection(channel, e.reasons()));
        } catch (SdkException e) {
            failures.add(channel + " urgent " + number + ": " + e.getMessage());
        }
    }

    /** One after the other: a channel's messages reach Slack in the order they were queued. */
    private void publishJob(int number) {
        String channel = jobChannel(number);
        for (SlackMessage message : DemoMessages.job(channel, number, runId)) {
            String title = message.title();
            try {
                PublishReceipt receipt = pipeline.publisher().publish(message);
                jobIds.put(title, receipt.messageId());
                ledger.add(new Published(receipt.messageId(), channel, 0, channel + " " + title, null));
            } catch (InvalidMessageException e) {
                rejected.add(new Rejection(channel, e.reasons()));
            } catch (SdkException e) {
                failures.add(channel + " " + title + ": " + e.getMessage());
            }
        }
    }

    private void publishInvalid(int i) {
        SlackMessage message = DemoMessages.invalid(i, channels.get(i % channels.size()));
        try {
            PublishReceipt receipt = pipeline.publisher().publish(message);
            ledger.add(new Published(receipt.messageId(), message.channel(), 0, "invalid, yet queued",
                    "invalid_message"));
        } catch (InvalidMessageException e) {
            rejected.add(new Rejection(message.channel(), e.reasons()));
        } catch (SdkException e) {
            failures.add("invalid message " + i + ": " + e.getMessage());
        }
    }

    private void publishToUnknownChannel(int i) {
        SlackMessage message = DemoMessages.toUnknownChannel(i);
        try {
            PublishReceipt receipt = pipeline.publisher().publish(message);
            ledger.add(new Published(receipt.messageId(), message.channel(), 0, "unknown channel",
                    "slack_error: channel_not_found"));
        } catch (InvalidMessageException e) {
            rejected.add(new Rejection(message.channel(), e.reasons()));
        } catch (SdkException e) {
            failures.add(message.channel() + " message " + i + ": " + e.getMessage());
        }
    }

    /** A producer that does not use the publisher library, so nothing checks its body before the queue. */
    private void sendPoison(int i) {
        String group = channels.get(0);
        try {
            String messageId = pipeline.sqs().client().sendMessage(r -> r.queueUrl(pipeline.sqs().queueUrl())
                    .messageBody(DemoMessages.poisonBody(i)).messageGroupId(group)
                    .messageDeduplicationId(UUID.randomUUID().toString())
                    .messageAttributes(Map.of(MessageAttributes.PRODUCER, MessageAttributeValue.builder().dataType("String")
                            .stringValue(FOREIGN_PRODUCER).build()))).messageId();
            ledger.add(new Published(messageId, group, 0, "foreign producer", "invalid_message"));
        } catch (SdkException e) {
            failures.add("foreign message " + i + ": " + e.getMessage());
        }
    }
}
