package dev.slackrelay.local.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.FaultOptions;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.emulator.UploadedFile;
import dev.slackrelay.local.demo.DemoReport.ChannelResult;
import dev.slackrelay.local.demo.DemoReport.DeadLetter;
import dev.slackrelay.local.demo.DemoReport.JobResult;
import dev.slackrelay.local.demo.DemoReport.UrgentResult;
import dev.slackrelay.local.demo.ProgressView.Snapshot;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.local.pipeline.Reconciliation;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.SlackFile;

/**
 * The local demo: the whole pipeline in one process, under a realistic burst, with a report that proves nothing was
 * lost.
 *
 * <p>It starts a {@link LocalPipeline}: the Slack emulator (per-channel rate limit, burst
 * {@link DemoOptions#emulatorBurst()}), an embedded SQS with the template's FIFO queues (relay, urgent) and
 * dead-letter queue, the relay (the Lambda handler) behind the SQS event-source emulators;
 * then lets many simulated {@link BatchTasks}, each on its own virtual thread, publish through the publisher library:
 * numbered messages per channel, a few invalid ones the publisher rejects, a few to a channel Slack does not know,
 * a foreign producer's malformed body sent straight to SQS, and an urgent message to the busiest channel in the middle
 * of the burst, and a batch job in {@code #deploys} that posts a status message and edits it by {@code update_key} and
 * logs its progress in a thread by {@code thread_key}, attaching its CSV report to the last step. It waits until every
 * queued message is delivered or dead-lettered, then reports per channel what arrived, how fast, in which order, how
 * much of its channel's backlog the urgent message overtook, how the job's status message, thread and report file
 * look in the channel, and what was lost (must be none).
 *
 * <p>With {@link DemoOptions#realSlack()} it posts a handful of messages to a real Slack channel instead, and the
 * report comes from the relay's own delivery log and the dead-letter queue.
 *
 * <p>Not thread-safe: one {@link #run()} at a time per instance.
 */
public final class Demo {

    /** The bot token the emulator accepts in the demo. */
    static final String EMULATOR_TOKEN = "xoxb-slack-relay-demo";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String PRODUCER = "slack-relay-demo";

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
        try (OutputStream deliveryLog = deliveryLogCopy();
             LocalPipeline pipeline = pipeline(channels, deliveryLog).start()) {
            pipeline.startRelay();
            SlackRecord record = pipeline.hasEmulator() ? new SlackRecord.Emulator(pipeline)
                    : new SlackRecord.RelayLog(pipeline.deliveryLog(), options.slackApiUrl() != null
                            ? "Slack API " + options.slackApiUrl() + " (real-Slack mode)" : "Slack (real)");
            printIntroduction(channels, pipeline);
            return execute(channels, pipeline, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery log " + options.deliveryLog(), e);
        }
    }

    private LocalPipeline.Builder pipeline(List<String> channels, OutputStream deliveryLog) {
        LocalPipeline.Builder pipeline = LocalPipeline.builder().concurrency(options.concurrency()).producer(PRODUCER)
                .deliveryLogCopy(deliveryLog)
                .relay(relay -> {
                    if (options.realSlack()) {
                        relay.slackBotToken(options.slackToken()).slackApiUrl(options.slackApiUrl());
                    }
                    return relay.channelInterval(options.channelInterval())
                            .messagesPerPost(options.messagesPerPost())
                            // short enough that a transient failure is retried within the demo's minute
                            .backoffBase(Duration.ofSeconds(1))
                            .backoffCap(Duration.ofSeconds(10))
                            .slackTimeout(Duration.ofSeconds(5))
                            .metricsService(PRODUCER);
                });
        if (options.realSlack()) {
            return pipeline.noEmulator();
        }
        Set<String> known = new LinkedHashSet<>(channels);
        known.add(DemoMessages.QUIET_CHANNEL);
        FaultOptions faults = options.faults()
                ? FaultOptions.none().withServerErrorRate(0.05).withLatency(Duration.ofMillis(40))
                : FaultOptions.none();
        return pipeline.emulator(slack -> slack.token(EMULATOR_TOKEN).channels(known)
                .ratePerSecond(options.emulatorRate()).burst(options.emulatorBurst())
                // 'too close' counts posts closer than 0.9 x the interval (the benchmarks' measure), not the few
                // milliseconds of transit jitter that a burst of 2 lets through
                .spacingTolerance(Duration.ofNanos((long) (1e8 / options.emulatorRate())))
                .faults(faults));
    }

    private OutputStream deliveryLogCopy() throws IOException {
        return options.deliveryLog() == null ? null
                : new BufferedOutputStream(Files.newOutputStream(options.deliveryLog()));
    }

    private void printIntroduction(List<String> channels, LocalPipeline pipeline) {
        int numbered = channels.size() * options.messagesPerChannel();
        int jobs = pipeline.hasEmulator() ? options.jobs() : 0;
        EmbeddedSqs sqs = pipeline.sqs();
        out.println("slack-relay demo");
        if (pipeline.hasEmulator()) {
            SlackEmulator emulator = pipeline.slack();
            out.printf(Locale.ROOT, "  Slack    emulator %s: %.2f post/s per channel, burst %d%s%n",
                    emulator.apiUrl(), options.emulatorRate(), options.emulatorBurst(),
                    options.faults() ? "; faults: 5% answered 5xx, +40 ms latency" : "");
        } else {
            out.printf(Locale.ROOT, "  Slack    %s, channel %s; the report comes from the relay's delivery log%n",
                    options.slackApiUrl() != null ? options.slackApiUrl() : "REAL Slack", options.slackChannel());
        }
        out.printf(Locale.ROOT, "  SQS      ElasticMQ %s: %s and %s (visibility %d s, maxReceiveCount %d) + %s%n",
                sqs.endpoint(), sqs.queueName(), sqs.urgentQueueName(), sqs.queueSpec().visibilityTimeout().toSeconds(),
                sqs.queueSpec().maxReceiveCount(), sqs.dlqName());
        out.printf(Locale.ROOT, "  relay    Lambda handler behind the SQS event-source emulator: %d workers, channel"
                        + " interval %d ms, MESSAGES_PER_POST %d%n", options.concurrency(),
                options.channelInterval().toMillis(), options.messagesPerPost());
        out.printf(Locale.ROOT, "  publish  %d batch tasks within %.1f s: %d channels x %d numbered messages,"
                        + " %d invalid, %d to %s, %d foreign poison, %d urgent to %s%s%n", numbered
                        + options.invalidMessages() + options.unknownChannelMessages() + options.poisonMessages()
                        + options.urgentMessages() + jobs * DemoMessages.jobMessages(),
                options.publishWindow().toMillis() / 1000.0, channels.size(), options.messagesPerChannel(),
                options.invalidMessages(), options.unknownChannelMessages(), DemoMessages.UNKNOWN_CHANNEL,
                options.poisonMessages(), options.urgentMessages(), channels.getFirst(), jobs == 0 ? ""
                        : String.format(Locale.ROOT, ", %d job(s) of %d messages by key to %s, each with a CSV report", jobs,
                        DemoMessages.jobMessages(), channels.get(1 % channels.size())));
        out.println();
        out.flush();
    }

    /** Publishes through the batch tasks, shows progress until every message settled, and reports. */
    private DemoReport execute(List<String> channels, LocalPipeline pipeline, SlackRecord record)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        BatchTasks tasks = new BatchTasks(options, channels, pipeline, UUID.randomUUID().toString().substring(0, 8));
        Thread publishing = Thread.ofVirtual().name("demo-batch-tasks").start(tasks::run);
        boolean settled;
        try (ProgressView view = ProgressView.create(options.progress(), out, options.progressInterval())) {
            settled = pipeline.awaitSettled(options.timeout(),
                    () -> !publishing.isAlive() && reconcile(pipeline, record, tasks).settled(),
                    () -> view.update(snapshot(pipeline, record, tasks, startNanos)));
            view.finish(snapshot(pipeline, record, tasks, startNanos));
        } finally {
            publishing.interrupt();
            publishing.join(STOP_GRACE);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        pipeline.stopRelay();
        pipeline.deadLetters().drain();
        return report(channels, pipeline, record, tasks, reconcile(pipeline, record, tasks), elapsed, !settled);
    }

    /** Balances the ledger against Slack's record and the dead letters drained so far. */
    private static Reconciliation reconcile(LocalPipeline pipeline, SlackRecord record, BatchTasks tasks) {
        return Reconciliation.of(tasks.ledger(), record.deliveries(tasks), pipeline.deadLetters().drained());
    }

    private static Snapshot snapshot(LocalPipeline pipeline, SlackRecord record, BatchTasks tasks, long startNanos) {
        Reconciliation so = reconcile(pipeline, record, tasks);
        return new Snapshot(Duration.ofNanos(System.nanoTime() - startNanos), tasks.total(), so.published().size(),
                so.delivered().size(), record.rateLimited(), so.deadLetters().size());
    }

    private DemoReport report(List<String> channels, LocalPipeline pipeline, SlackRecord record, BatchTasks tasks,
                              Reconciliation so, Duration elapsed, boolean timedOut) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        so.deadLetters().forEach((id, letter) -> {
            var published = so.published().get(id);
            deadLetters.add(new DeadLetter(letter.group(),
                    letter.movedByRedrive() ? "(moved by the redrive policy)" : letter.reason(), letter.slackError(),
                    letter.receiveCount(), published != null ? published.origin() : "not published by the demo"));
        });
        List<ChannelResult> results = new ArrayList<>();
        for (String channel : channels) {
            Reconciliation.ChannelFlow flow = so.channel(channel);
            Reconciliation.Inversion inversion = flow.inversion();
            results.add(new ChannelResult(channel, flow.published(), flow.delivered(), flow.duplicates(),
                    flow.posts(), flow.postsPerSecond(), record.rateLimited(channel), record.spacingViolations(channel),
                    flow.inOrder(), inversion == null ? null : inversion.seq() + " after " + inversion.after()));
        }
        List<UrgentResult> urgent = tasks.urgent().stream().map(u -> urgentResult(u, so, tasks)).toList();
        List<JobResult> jobs = new ArrayList<>();
        for (int n = 1; n <= tasks.jobs(); n++) {
            jobs.add(jobResult(tasks.jobChannel(n), n, pipeline.slack().messages(tasks.jobChannel(n)),
                    pipeline.slack().files()));
        }
        String relay = options.concurrency() + " workers, channel interval " + options.channelInterval().toMillis()
                + " ms, up to " + options.messagesPerPost() + " message(s) per post";
        return new DemoReport(record.target(), relay, elapsed, record.rateLimit(), results, urgent, jobs, deadLetters,
                tasks.rejected(), tasks.failures(), so.published().size(), so.delivered().size(),
                so.deadLettered().size(), so.duplicates(), so.lost().size(), so.unexpected().size(),
                record.rateLimited(), pipeline.pollerStats().itemFailures(), timedOut);
    }

    /** When an urgent message reached Slack and how many of its channel's numbered messages it left behind. */
    private static UrgentResult urgentResult(BatchTasks.Urgent urgent, Reconciliation so, BatchTasks tasks) {
        List<Double> times = so.deliveredAt().get(urgent.messageId());
        if (times == null) {
            return new UrgentResult(urgent.channel(), urgent.number(), urgent.publishedAt(), null, 0, -1);
        }
        double reachedMillis = times.getFirst();
        Instant reached = instant(reachedMillis);
        long waiting = so.published().values().stream()
                .filter(p -> p.seq() > 0 && p.channel().equals(urgent.channel()))
                .filter(p -> {
                    Instant queued = tasks.queuedAt(p.messageId());
                    return queued != null && queued.isBefore(reached);
                })
                .filter(p -> {
                    List<Double> at = so.deliveredAt().get(p.messageId());
                    return at == null || at.getFirst() > reachedMillis;
                })
                .count();
        return new UrgentResult(urgent.channel(), urgent.number(), urgent.publishedAt(), reached, times.size(),
                waiting);
    }

    /**
     * Job {@code number}'s status message and thread as {@code channel}'s messages show them now, and its report as
     * the files uploaded show it.
     */
    static JobResult jobResult(String channel, int number, List<ChannelMessage> messages, List<UploadedFile> files) {
        String started = "Job " + number + ": started";
        String finished = "Job " + number + ": finished";
        String log = "Job " + number + " log";
        ChannelMessage status = null;
        ChannelMessage thread = null;
        for (ChannelMessage m : messages) {
            List<String> titles = DemoMessages.jobTitles(m.text());
            if (m.isReply() || titles.isEmpty()) {
                continue;
            }
            if (status == null && (titles.contains(started) || titles.contains(finished))) {
                status = m;
            } else if (thread == null && titles.contains(log)) {
                thread = m;
            }
        }
        Set<String> replies = new LinkedHashSet<>();
        if (thread != null) {
            String parent = thread.ts();
            messages.stream().filter(m -> parent.equals(m.threadTs()))
                    .sorted(Comparator.comparing(m -> new BigDecimal(m.ts())))
                    .forEach(m -> replies.addAll(DemoMessages.jobTitles(m.text())));
        }
        List<String> steps = new ArrayList<>();
        for (int step = 1; step <= DemoMessages.JOB_STEPS; step++) {
            steps.add("Job " + number + " step " + step + "/" + DemoMessages.JOB_STEPS + " done");
        }
        boolean keyed = status != null && status.metadata().isPresent() && thread != null
                && thread.metadata().isPresent();
        SlackFile report = DemoMessages.jobReport(number);
        byte[] content = Base64.getDecoder().decode(report.contentBase64());
        List<UploadedFile> uploads = files.stream()
                .filter(f -> channel.equals(f.channel()) && f.filename().equals(report.name())).toList();
        String threadTs = thread == null ? null : thread.ts();
        return new JobResult(channel, number,
                status == null ? null : DemoMessages.jobTitles(status.text()).getFirst(),
                status == null ? 0 : status.edits().size(),
                thread == null ? null : log, List.copyOf(replies), keyed, steps.equals(List.copyOf(replies)),
                report.name(), uploads.size(),
                !uploads.isEmpty() && uploads.stream().allMatch(f -> Objects.equals(threadTs, f.threadTs())),
                !uploads.isEmpty() && uploads.stream().allMatch(f -> f.title().equals(report.title())
                        && Arrays.equals(f.content(), content)));
    }

    private static Instant instant(double epochMillis) {
        long millis = (long) Math.floor(epochMillis);
        return Instant.ofEpochMilli(millis).plusNanos(Math.round((epochMillis - millis) * 1e6));
    }
}
