package dev.slackrelay.benchmarks.keys;

import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.EmulatorStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * B8 — threads and updates by key: jobs that post a status by {@code update_key}, a thread of progress by
 * {@code thread_key} and edit the status at the end; Slack Web API calls per message (look-ups included), order in
 * every thread, nothing lost. A picocli command: not thread-safe, run once.
 */
@Command(name = "b8", mixinStandardHelpOptions = true,
        description = "B8 — threads and updates by key: 100 jobs × 7 messages over 5 channels (about 3 minutes).")
public final class KeysBenchmark implements Callable<Integer> {

    static final double GOAL_CALLS_PER_MESSAGE = 1.05;
    private static final Pattern JOB = Pattern.compile("(job-\\d+) (status|progress)");
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    @Mixin
    CommonOptions common;

    @Option(names = "--channels", defaultValue = "5", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--jobs", description = "Jobs in all, spread over the channels (default 100; 10 with --quick).")
    Integer jobs;

    @Option(names = "--burst", defaultValue = "1", description = "Emulator burst per channel (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--latency-ms", defaultValue = "250", description = "Emulator answer latency, mean ms (default "
            + "${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "100", description = "Its jitter (default ${DEFAULT-VALUE}).")
    long jitterMs;

    @Option(names = "--concurrency", defaultValue = "5", description = "Event-source workers (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up after this (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.describe();
        List<String> channelIds = IntStream.rangeClosed(1, channels).mapToObj(i -> "C0KEYS%02d".formatted(i)).toList();
        int count = jobs != null ? jobs : common.quick() ? 10 : 100;
        AnswerLatency latency = latencyMs == 0 ? AnswerLatency.none()
                : AnswerLatency.of(Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs));
        KeysRun.Setting setting = new KeysRun.Setting(channelIds, count, latency, burst, concurrency, timeout);
        System.err.printf(Locale.ROOT, "B8: %d jobs × %d messages over %d channels...%n", count, KeysRun.PER_JOB,
                channels);
        KeysRun.Result run = new KeysRun(setting, System.err).execute();
        Report report = report(machine, run);
        report.endOfRun().print(System.out);
        Path file = common.file("b8", ".md");
        report.write(file);
        System.err.println("B8 written to " + file);
        return 0;
    }

    /** What every job's messages look like at the end. */
    record Checks(int threads, int threadsOk, int statuses, int statusesOk, int topLevel, int replies,
                  List<String> problems) {
    }

    static Checks check(KeysRun.Result run) {
        int threads = 0;
        int threadsOk = 0;
        int statuses = 0;
        int statusesOk = 0;
        int topLevel = 0;
        int replies = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<ChannelMessage>> e : run.messages().entrySet()) {
            List<ChannelMessage> messages = e.getValue();
            for (ChannelMessage m : messages) {
                if (m.isReply()) {
                    replies++;
                } else {
                    topLevel++;
                }
            }
            for (int job = 1; job <= run.setting().jobs(); job++) {
                if (!run.setting().channelOf(job).equals(e.getKey())) {
                    continue;
                }
                String key = "job-" + job;
                List<ChannelMessage> status = messages.stream().filter(m -> kind(m, key, "status")).toList();
                statuses++;
                if (status.size() == 1 && !status.getFirst().isReply() && status.getFirst().edits().size() == 1
                        && status.getFirst().text().endsWith("finished")) {
                    statusesOk++;
                } else {
                    problems.add(key + " status: " + status.size() + " message(s)"
                            + (status.isEmpty() ? "" : ", " + status.getFirst().edits().size() + " edit(s), text \""
                            + status.getFirst().text() + "\""));
                }
                // messages(channel) is in ts order: the parent first, then its replies as Slack accepted them
                List<ChannelMessage> progress = messages.stream().filter(m -> kind(m, key, "progress")).toList();
                threads++;
                List<Integer> seqs = progress.stream().map(KeysBenchmark::seq).toList();
                boolean ok = progress.size() == KeysRun.PROGRESS && !progress.getFirst().isReply()
                        && seqs.equals(IntStream.rangeClosed(1, KeysRun.PROGRESS).boxed().toList())
                        && progress.stream().skip(1).allMatch(m -> progress.getFirst().ts().equals(m.threadTs()));
                if (ok) {
                    threadsOk++;
                } else {
                    problems.add(key + " thread: seqs " + seqs + ", parent top-level "
                            + (!progress.isEmpty() && !progress.getFirst().isReply()));
                }
            }
        }
        return new Checks(threads, threadsOk, statuses, statusesOk, topLevel, replies, problems);
    }

    private static boolean kind(ChannelMessage m, String key, String kind) {
        Matcher matcher = JOB.matcher(m.text());
        return matcher.find() && matcher.group(1).equals(key) && matcher.group(2).equals(kind);
    }

    private static int seq(ChannelMessage m) {
        Matcher matcher = SEQ.matcher(m.text());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private Report report(Machine machine, KeysRun.Result run) {
        KeysRun.Setting s = run.setting();
        EmulatorStats stats = run.stats();
        Checks checks = check(run);
        long calls = stats.methods().values().stream().mapToLong(EmulatorStats.MethodStats::calls).sum();
        long rateLimited = KeysRun.totalRateLimited(stats);
        double perMessage = (double) calls / run.published();
        long history = stats.method("conversations.history").calls();
        long expectedHistory = (long) s.channels().size() * (long) Math.ceil(run.settleSeconds() / 60.0);
        long delivered = run.outcomes().getOrDefault("delivered", 0L);
        long lost = run.published() - delivered - run.deadLetters();
        int expectedTop = s.jobs() * 2;
        int expectedReplies = s.jobs() * (KeysRun.PROGRESS - 1);

        Report report = new Report("B8 — threads and updates by key", common.command("b8"), machine);
        report.paragraph(String.format(Locale.ROOT, "%d jobs over %d channels (%d per channel), %d messages each: "
                        + "message 1 = status with `update_key=job-j` \"started\"; 2..%d = progress with "
                        + "`thread_key=job-j` (the first starts the thread, the rest reply); %d = status with the same "
                        + "`update_key` \"finished\" (edits message 1). In each channel the jobs' sequences are "
                        + "interleaved at random (seeded), each job's own order kept, and queued through the publisher "
                        + "library's `publishAll` (batches of 10) right after the relay starts. Local pipeline: "
                        + "embedded SQS FIFO (`MessageGroupId` = channel), relay with `MESSAGES_PER_POST=1`, channel "
                        + "interval 1 s, %d workers; Slack emulator 1 post/s per channel, burst %d, answer latency %s, "
                        + "Slack's Tier 3 for `chat.update`, `conversations.history` and `users.lookupByEmail` (50/min "
                        + "per workspace). Calls counted at the emulator, 429s included.",
                s.jobs(), s.channels().size(), s.jobs() / s.channels().size(), KeysRun.PER_JOB, KeysRun.PER_JOB - 1,
                KeysRun.PER_JOB, s.concurrency(), s.burst(), s.latency().label()));

        Table methods = Table.of("method", "calls", "ok", "errors", "429s", "per message");
        for (Map.Entry<String, EmulatorStats.MethodStats> e : stats.methods().entrySet()) {
            EmulatorStats.MethodStats m = e.getValue();
            methods.row("`" + e.getKey() + "`", m.calls(), m.ok(), m.errors(), m.rateLimited(),
                    Table.num((double) m.calls() / run.published(), 3));
        }
        methods.row("**all**", calls, "", "", rateLimited, "**" + Table.num(perMessage, 3) + "**");
        report.heading("Slack Web API calls");
        report.table(methods);

        Table table = Table.of("figure", "value", "expected / goal");
        table.row("messages published", run.published(), s.messages() + " (" + s.jobs() + " × " + KeysRun.PER_JOB
                + ")");
        table.row("delivered (relay log)", delivered, s.messages());
        table.row("dead letters", run.deadLetters(), "0");
        table.row("lost", lost, "0");
        table.row("Slack calls per message", Table.num(perMessage, 3), "≤ " + GOAL_CALLS_PER_MESSAGE);
        table.row("429s", rateLimited, "");
        table.row("`conversations.history` reads", history, "≈ channels × ⌈wall / 60 s⌉ = " + expectedHistory);
        table.row("top-level messages in Slack", checks.topLevel(), expectedTop + " (status + thread parent per job)");
        table.row("thread replies in Slack", checks.replies(), expectedReplies + " (" + (KeysRun.PROGRESS - 1)
                + " per job)");
        table.row("threads: parent + replies in publish order", checks.threadsOk() + "/" + checks.threads(), "all");
        table.row("status messages edited exactly once, ending \"finished\"",
                checks.statusesOk() + "/" + checks.statuses(), "all");
        table.row("wall time (relay start → settled)", Table.num(run.settleSeconds(), 1) + " s",
                run.settled() ? "settled" : "NOT settled");
        report.heading("Figures");
        report.table(table);
        boolean met = run.settled() && perMessage <= GOAL_CALLS_PER_MESSAGE && lost == 0 && run.deadLetters() == 0
                && checks.threadsOk() == checks.threads() && checks.statusesOk() == checks.statuses();
        List<String> bullets = new ArrayList<>();
        bullets.add(String.format(Locale.ROOT, "goal (≤ %.2f calls per message, order kept in every thread, nothing "
                + "lost): %s", GOAL_CALLS_PER_MESSAGE, met ? "**met**" : "**not met**"));
        bullets.add(String.format(Locale.ROOT, "without the 429 answers: %.3f calls per message; of the %d 429s, %d "
                + "answered `chat.update`; most `chat.update`s accepted within any 60 s: %d (Tier 3: 50 per minute per "
                + "workspace, burst 50; the relay paces updates per channel, and after a 429 holds its other updates for the Retry-After)",
                (double) (calls - rateLimited) / run.published(), rateLimited, stats.method("chat.update").rateLimited(),
                run.peakUpdatesPerMinute()));
        bullets.add("relay log outcomes " + run.outcomes());
        checks.problems().stream().limit(10).forEach(p -> bullets.add("problem: " + p));
        report.bullets(bullets);
        return report;
    }
}
