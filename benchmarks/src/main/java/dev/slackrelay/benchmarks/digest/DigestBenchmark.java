package dev.slackrelay.benchmarks.digest;

import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import dev.slackrelay.emulator.AnswerLatency;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * B5 — digests: with {@code MESSAGES_PER_POST} the relay folds a channel's backlog into posts of several
 * notifications; how many notifications per second a channel gets at Slack's one post per second, at what Lambda
 * cost, with every notification exactly once and in order. With {@code --headline}, the seed's scenario instead:
 * 25,000 messages from 5,000 batch tasks publishing while the relay delivers. A picocli command: not thread-safe, run
 * once.
 */
@Command(name = "b5", mixinStandardHelpOptions = true,
        description = "B5 — digests: a channel's backlog folded into posts (about 3 minutes); --headline: 25,000 "
                + "messages from 5,000 batch tasks (about 10 minutes).")
public final class DigestBenchmark implements Callable<Integer> {

    static final double GOAL_NOTIFICATIONS_PER_SECOND = 9.0;
    static final double GOAL_LAMBDA_SECONDS = 0.15;
    static final double GOAL_HEADLINE_MINUTES = 10.0;
    /** Seed 000's estimate for the headline at one post per message. */
    static final double SEED_HEADLINE_MINUTES = 83.0;
    private static final int WARM_UP_MESSAGES = 10;

    @Mixin
    CommonOptions common;

    @Option(names = "--headline", description = "Run the headline (batch tasks publishing while the relay delivers)"
            + " instead of the backlog runs; results in b5-headline.md.")
    boolean headline;

    @Option(names = "--channels", defaultValue = "5", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--messages", description = "Backlog per channel (default 200; 20 with --quick).")
    Integer messages;

    @Option(names = "--reference-messages", description = "Backlog per channel of the MESSAGES_PER_POST=1 reference"
            + " run at the first latency (default 30; 5 with --quick; 0: none).")
    Integer referenceMessages;

    @Option(names = "--messages-per-post", defaultValue = "10",
            description = "The relay's MESSAGES_PER_POST (default ${DEFAULT-VALUE}).")
    int messagesPerPost;

    @Option(names = "--latency-ms", split = ",", defaultValue = "250,0",
            description = "Emulator answer latencies (mean ms), one backlog run each; the headline uses the first "
                    + "(default ${DEFAULT-VALUE}).")
    List<Long> latenciesMs;

    @Option(names = "--jitter-ms", defaultValue = "100",
            description = "Jitter of every non-zero latency (default ${DEFAULT-VALUE}).")
    long jitterMs;

    @Option(names = "--concurrency", defaultValue = "5", description = "Event-source workers (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--tasks", description = "Headline: batch tasks, each publishing one message to every channel "
            + "(default 5000; 100 with --quick).")
    Integer tasks;

    @Option(names = "--publish-window", defaultValue = "PT60S",
            description = "Headline: the tasks finish spread over this long (ISO-8601, default ${DEFAULT-VALUE}; 5 s "
                    + "with --quick).")
    Duration publishWindow;

    @Option(names = "--timeout", description = "Give up on a run that has not settled after this (ISO-8601, default "
            + "PT10M; PT30M for the headline).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.describe();
        List<String> channelIds = IntStream.rangeClosed(1, channels).mapToObj(i -> "C0DIGEST%02d".formatted(i))
                .toList();
        long started = System.nanoTime();
        Report report = headline ? headline(machine, channelIds, started) : backlog(machine, channelIds, started);
        report.endOfRun().print(System.out);
        Path file = common.file(headline ? "b5-headline" : "b5", ".md");
        report.write(file);
        System.err.println("B5 written to " + file);
        return 0;
    }

    private AnswerLatency latency(long mean) {
        return mean == 0 ? AnswerLatency.none() : AnswerLatency.of(Duration.ofMillis(mean), Duration.ofMillis(jitterMs));
    }

    private DigestRun.Result run(DigestRun.Setting setting) throws InterruptedException {
        System.err.printf(Locale.ROOT, "B5 %s: %d messages...%n", setting.label(), setting.messages());
        DigestRun.Result result = new DigestRun(setting, System.err).execute();
        System.err.printf(Locale.ROOT, "B5 %s: %s in %.1f s%n", setting.label(),
                result.settled() ? "settled" : "NOT settled", result.settleSeconds());
        return result;
    }

    private Report backlog(Machine machine, List<String> channelIds, long started) throws InterruptedException {
        int perChannel = messages != null ? messages : common.quick() ? 20 : 200;
        int reference = referenceMessages != null ? referenceMessages : common.quick() ? 5 : 30;
        Duration wait = timeout != null ? timeout : Duration.ofMinutes(10);
        // the first run in a fresh JVM pays for class loading and JIT; a short discarded run keeps that out
        int warmUp = common.quick() ? 3 : WARM_UP_MESSAGES;
        System.err.printf(Locale.ROOT, "B5 warm-up: %d messages per channel (not reported)%n", warmUp);
        new DigestRun(new DigestRun.Setting(channelIds, new Workload.Backlog(warmUp), messagesPerPost,
                AnswerLatency.none(), concurrency, wait), new PrintStream(OutputStream.nullOutputStream())).execute();
        List<DigestRun.Result> runs = new ArrayList<>();
        for (long mean : latenciesMs) {
            runs.add(run(new DigestRun.Setting(channelIds, new Workload.Backlog(perChannel), messagesPerPost,
                    latency(mean), concurrency, wait)));
        }
        if (reference > 0) {
            runs.add(run(new DigestRun.Setting(channelIds, new Workload.Backlog(reference), 1,
                    latency(latenciesMs.getFirst()), concurrency, wait)));
        }
        double minutes = (System.nanoTime() - started) / 60e9;

        Report report = new Report("B5 — digests: a channel's backlog folded into posts", common.command("b5"),
                machine);
        report.paragraph(String.format(Locale.ROOT, "%d channels, each message's backlog queued (embedded SQS FIFO, "
                        + "`MessageGroupId` = channel) through the publisher library before the event-source emulator "
                        + "starts; the relay with `MESSAGES_PER_POST` as below (also the event source's BatchSize), "
                        + "channel interval 1 s, %d workers, long polls of 1 s; Slack emulator: 1 post/s per channel, "
                        + "burst 1, answer latency as below (a post counts when it arrives, the answer comes a uniform "
                        + "draw from mean ± jitter later). A fresh pipeline for every run, all in one JVM, after a "
                        + "discarded warm-up run (%d per channel). Benchmark wall time %.1f min.",
                channelIds.size(), concurrency, warmUp, minutes));
        report.paragraph("Columns: *notif/s* = notifications delivered ÷ seconds from the relay's start to the "
                + "channel's last post (`all`: the slowest channel); *posts/s* = (posts − 1) ÷ seconds from the "
                + "channel's first to its last post (`all`: the fastest channel); *notif/post* = notifications ÷ "
                + "posts (max in brackets); *min gap ms* = shortest time between two posts of a channel at the "
                + "emulator; *closer* = posts closer than 0.9 × the 1 s interval to the previous one; *order* = every "
                + "notification reached Slack in publish order; *lost* = published − delivered − dead-lettered; "
                + "*λ-s/notif* = summed handler invocation time (the Lambda bill) ÷ notifications delivered "
                + "(per channel: invocations whose first record was the channel's); *last post s* = relay start → "
                + "last post.");

        report.heading("Summary");
        Table summary = Table.of("setting", "delivered", "posts", "notif/post", "notif/s", "posts/s", "closer",
                "429s", "dup", "order", "lost", "λ-s/notif", "last post s").rightAligned(1, 2, 3, 4, 5, 6, 7, 8, 10,
                11, 12);
        for (DigestRun.Result run : runs) {
            DigestFigures f = DigestFigures.of(run).getLast();
            summary.row(run.setting().label(), f.delivered() + "/" + f.published(), f.posts(),
                    Table.num(f.perPost(), 2) + " (" + f.maxPerPost() + ")", Table.num(f.notificationsPerSecond(), 2),
                    Table.num(f.postsPerSecond(), 3), f.closer(), f.rateLimited(), f.duplicates(),
                    f.inOrder() ? "ok" : "BROKEN", f.lost(), Table.num(f.lambdaSecondsPerNotification(), 3),
                    Table.num(f.lastPostSeconds(), 1));
        }
        report.table(summary);
        List<String> goals = new ArrayList<>();
        for (DigestRun.Result run : runs) {
            goals.add(goal(run));
        }
        report.bullets(goals);

        for (DigestRun.Result run : runs) {
            report.heading(run.setting().label());
            Table table = Table.of("channel", "delivered", "posts", "notif/post", "notif/s", "posts/s", "min gap ms",
                    "closer", "429s", "dup", "order", "lost", "DLQ", "λ-s/notif", "last post s")
                    .rightAligned(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14);
            for (DigestFigures f : DigestFigures.of(run)) {
                table.row(f.channel().equals(DigestFigures.ALL) ? "**all**" : f.channel(),
                        f.delivered() + "/" + f.published(), f.posts(),
                        Table.num(f.perPost(), 2) + " (" + f.maxPerPost() + ")",
                        Table.num(f.notificationsPerSecond(), 2), Table.num(f.postsPerSecond(), 3),
                        Table.num(f.minGapMillis(), 1), f.closer(), f.rateLimited(), f.duplicates(),
                        f.inOrder() ? "ok" : "BROKEN", f.lost(), f.deadLettered(),
                        Table.num(f.lambdaSecondsPerNotification(), 3), Table.num(f.lastPostSeconds(), 1));
            }
            report.table(table);
            report.bullets(List.of(note(run)));
        }
        return report;
    }

    private Report headline(Machine machine, List<String> channelIds, long started) throws InterruptedException {
        int count = tasks != null ? tasks : common.quick() ? 100 : 5_000;
        Duration window = common.quick() && publishWindow.equals(Duration.ofSeconds(60)) ? Duration.ofSeconds(5)
                : publishWindow;
        Duration wait = timeout != null ? timeout : Duration.ofMinutes(30);
        DigestRun.Result run = run(new DigestRun.Setting(channelIds, new Workload.BatchTasks(count, window),
                messagesPerPost, latency(latenciesMs.getFirst()), concurrency, wait));
        double minutes = (System.nanoTime() - started) / 60e9;
        DigestFigures all = DigestFigures.of(run).getLast();
        double headlineMinutes = all.lastPostSeconds() / 60;

        Report report = new Report("B5 headline — " + String.format(Locale.ROOT, "%,d", run.setting().messages())
                + " messages from " + String.format(Locale.ROOT, "%,d", count) + " batch tasks",
                common.command("b5") + " --headline", machine);
        report.paragraph(String.format(Locale.ROOT, "The seed's scenario on the local pipeline: %,d batch tasks, each "
                        + "on a virtual thread, finish at random moments of a %d s window and each publishes one "
                        + "result to every one of %d channels through the publisher library (one `SendMessageBatch` "
                        + "call), while the relay delivers: `MESSAGES_PER_POST=%d`, channel interval 1 s, %d workers; "
                        + "Slack emulator 1 post/s per channel, burst 1, answer latency %s. Benchmark wall time %.1f "
                        + "min.", count, window.toSeconds(), channelIds.size(), messagesPerPost, concurrency,
                run.setting().latency().label(), minutes));
        Table table = Table.of("figure", "value", "goal");
        table.row("first publish → last delivery", String.format(Locale.ROOT, "**%.1f min** (%.0f s)",
                headlineMinutes, all.lastPostSeconds()), String.format(Locale.ROOT, "≤ %.0f min (seed 000's "
                + "estimate at one post per message: %.0f min)", GOAL_HEADLINE_MINUTES, SEED_HEADLINE_MINUTES));
        table.row("notifications delivered", all.delivered() + "/" + all.published(), "all");
        table.row("posts", Table.count(all.posts()) + String.format(Locale.ROOT, " (%.2f notifications per post, "
                + "max %d)", all.perPost(), all.maxPerPost()), "");
        table.row("slowest channel, notif/s", Table.num(all.notificationsPerSecond(), 2), "");
        table.row("fastest channel, posts/s", Table.num(all.postsPerSecond(), 3), "≤ 1");
        table.row("posts closer than 0.9 s", all.closer(), "0");
        table.row("429s", all.rateLimited(), "0");
        table.row("order", all.inOrder() ? "kept in every channel" : "BROKEN", "kept");
        table.row("duplicates", all.duplicates(), "");
        table.row("lost", all.lost(), "0");
        table.row("dead-lettered", all.deadLettered(), "0");
        table.row("Lambda-seconds per notification", Table.num(all.lambdaSecondsPerNotification(), 3), "");
        table.row("publish failures", run.publishFailures().size(), "0");
        report.table(table);
        boolean met = run.settled() && headlineMinutes <= GOAL_HEADLINE_MINUTES && all.lost() == 0 && all.inOrder()
                && run.publishFailures().isEmpty();
        report.bullets(List.of(note(run), String.format(Locale.ROOT, "goal (≤ %.0f min, lost 0, order kept): %s",
                GOAL_HEADLINE_MINUTES, met ? "**met**" : "**not met**")));
        Table channelsTable = Table.of("channel", "delivered", "posts", "notif/post", "notif/s", "posts/s",
                "min gap ms", "closer", "429s", "order", "lost", "last post s")
                .rightAligned(1, 2, 3, 4, 5, 6, 7, 8, 10, 11);
        for (DigestFigures f : DigestFigures.of(run)) {
            channelsTable.row(f.channel().equals(DigestFigures.ALL) ? "**all**" : f.channel(),
                    f.delivered() + "/" + f.published(), f.posts(),
                    Table.num(f.perPost(), 2) + " (" + f.maxPerPost() + ")", Table.num(f.notificationsPerSecond(), 2),
                    Table.num(f.postsPerSecond(), 3), Table.num(f.minGapMillis(), 1), f.closer(), f.rateLimited(),
                    f.inOrder() ? "ok" : "BROKEN", f.lost(), Table.num(f.lastPostSeconds(), 1));
        }
        report.heading("Per channel");
        report.paragraph("*notif/s* and *last post s* count from the first publish.");
        report.table(channelsTable);
        return report;
    }

    /** Whether the run met the goals, and the slowest channel. */
    private static String goal(DigestRun.Result run) {
        List<DigestFigures> figures = DigestFigures.of(run);
        DigestFigures all = figures.getLast();
        boolean posts = figures.stream().allMatch(f -> Math.round(f.postsPerSecond() * 100) <= 100)
                && all.closer() == 0 && all.rateLimited() == 0;
        boolean exact = all.duplicates() == 0 && all.inOrder() && all.lost() == 0
                && all.delivered() == all.published();
        boolean lambda = all.lambdaSecondsPerNotification() <= GOAL_LAMBDA_SECONDS;
        if (run.setting().messagesPerPost() == 1) {
            return String.format(Locale.ROOT, "%s (reference): %.2f notif/s in the slowest channel; ≤ 1 post/s, 0 "
                            + "closer, 0 429s: %s; exactly once, in order, lost 0: %s; %.3f λ-s/notif",
                    run.setting().label(), all.notificationsPerSecond(), posts ? "yes" : "NO", exact ? "yes" : "NO",
                    all.lambdaSecondsPerNotification());
        }
        boolean rate = all.notificationsPerSecond() >= GOAL_NOTIFICATIONS_PER_SECOND;
        return String.format(Locale.ROOT, "%s: goal (every channel ≥ %.0f notif/s [slowest %.2f]; ≤ 1 post/s, 0 closer, "
                        + "0 429s [%s]; exactly once, in order, lost 0 [%s]; ≤ %.2f λ-s/notif [%.3f]): %s",
                run.setting().label(), GOAL_NOTIFICATIONS_PER_SECOND, all.notificationsPerSecond(),
                posts ? "yes" : "no", exact ? "yes" : "no", GOAL_LAMBDA_SECONDS, all.lambdaSecondsPerNotification(),
                rate && posts && exact && lambda ? "**met**" : "**not met**");
    }

    private static String note(DigestRun.Result run) {
        StringBuilder b = new StringBuilder(run.settled()
                ? String.format(Locale.ROOT, "settled in %.1f s", run.settleSeconds())
                : String.format(Locale.ROOT, "did NOT settle within %.0f s", run.settleSeconds()));
        long threw = run.invocations().stream().filter(i -> i.threw()).count();
        b.append(String.format(Locale.ROOT, "; %d invocations, %d threw; relay log outcomes %s",
                run.invocations().size(), threw, run.relayOutcomes()));
        if (!run.publishFailures().isEmpty()) {
            b.append("; publish failures: ").append(run.publishFailures().getFirst());
        }
        return b.toString();
    }
}
