package dev.slackrelay.benchmarks.delivery;

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
 * B1 — delivery under backlog: the same backlog drained by slack-relay and by the post-and-rethrow design, in the
 * same JVM run, against the same emulator settings. A picocli command: not thread-safe, run once.
 */
@Command(name = "b1", mixinStandardHelpOptions = true,
        description = "B1 — delivery under backlog: slack-relay vs post-and-rethrow (takes about 15 minutes).")
public final class DeliveryBenchmark implements Callable<Integer> {

    /** The goal for design (a), from the issue. */
    static final double GOAL_OF_LIMIT = 0.95;
    static final double GOAL_429_PER_DELIVERED = 0.01;
    /** Messages per channel of the discarded warm-up run. */
    static final int WARM_UP_MESSAGES = 10;

    @Mixin
    CommonOptions common;

    @Option(names = "--channels", defaultValue = "5", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--messages", description = "Messages per channel (default 60; 8 with --quick).")
    Integer messages;

    @Option(names = "--bursts", split = ",", defaultValue = "1,3",
            description = "Emulator burst settings to run at the first latency, comma-separated (default "
                    + "${DEFAULT-VALUE}).")
    List<Integer> bursts;

    @Option(names = "--latency-ms", split = ",", defaultValue = "0,250",
            description = "Emulator answer latencies (Slack's processing time, mean ms) to run, comma-separated: every "
                    + "burst at the first, the first burst at the others (default ${DEFAULT-VALUE}).")
    List<Long> latenciesMs;

    @Option(names = "--jitter-ms", defaultValue = "100",
            description = "Jitter of every non-zero latency: each answer waits a uniform draw from latency ± jitter "
                    + "(default ${DEFAULT-VALUE}).")
    long jitterMs;

    @Option(names = "--concurrency", defaultValue = "5", description = "Event-source workers (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "PT10M",
            description = "Give up on a run that has not drained after this (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.describe();
        int perChannel = messages != null ? messages : common.quick() ? 8 : 60;
        List<String> channelIds = IntStream.rangeClosed(1, channels).mapToObj(i -> "C0BENCH%02d".formatted(i))
                .toList();
        long started = System.nanoTime();
        // The first run in a fresh JVM pays for class loading and JIT of everything both designs share (SQS
        // client, poller, ElasticMQ, Slack SDK); a short discarded run keeps that out of design (a)'s figures.
        int warmUp = common.quick() ? 3 : WARM_UP_MESSAGES;
        System.err.printf(Locale.ROOT, "B1 warm-up: %s, %d messages per channel (not reported)%n",
                Design.RELAY.label(), warmUp);
        new DeliveryRun(Design.RELAY, new Scenario(channelIds, warmUp, 1.0, 1, AnswerLatency.none(), concurrency,
                timeout), new PrintStream(OutputStream.nullOutputStream())).execute();
        List<RunResult> runs = new ArrayList<>();
        for (Scenario scenario : scenarios(channelIds, perChannel)) {
            for (Design design : Design.values()) {
                System.err.printf(Locale.ROOT, "B1 %s, %s: %d messages...%n", design.label(), scenario.setting(),
                        scenario.messages());
                RunResult run = new DeliveryRun(design, scenario, System.err).execute();
                System.err.printf(Locale.ROOT, "B1 %s, %s: %s in %.1f s%n", design.label(), scenario.setting(),
                        run.drained() ? "drained" : "NOT drained", run.settleSeconds());
                runs.add(run);
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;

        Path chart = common.file("b1-posts-over-time", ".png");
        PostsChart.write(runs, Design.values().length, chart);
        Report report = report(machine, runs, chart, minutes);
        report.endOfRun().print(System.out);
        Path file = common.file("b1", ".md");
        report.write(file);
        System.err.println("B1 written to " + file + " and " + chart);
        return 0;
    }

    /**
     * One factor at a time from the baseline (first burst, first latency): every burst at the first latency, then
     * every further latency at the first burst.
     */
    private List<Scenario> scenarios(List<String> channelIds, int perChannel) {
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < latenciesMs.size(); i++) {
            long mean = latenciesMs.get(i);
            AnswerLatency latency = mean == 0 ? AnswerLatency.none()
                    : AnswerLatency.of(Duration.ofMillis(mean), Duration.ofMillis(jitterMs));
            for (int burst : i == 0 ? bursts : bursts.subList(0, 1)) {
                scenarios.add(new Scenario(channelIds, perChannel, 1.0, burst, latency, concurrency, timeout));
            }
        }
        return scenarios;
    }

    private Report report(Machine machine, List<RunResult> runs, Path chart, double minutes) {
        RunResult first = runs.getFirst();
        Scenario s = first.scenario();
        Report report = new Report("B1 — delivery under backlog", common.command("b1"), machine);
        report.paragraph(String.format(Locale.ROOT, "%d channels × %d messages, all queued (embedded SQS FIFO, "
                        + "`MessageGroupId` = channel) before the event-source emulator starts; BatchSize 1, %d workers, "
                        + "long polls of 1 s (the local kit's; a backlog never waits on them). Slack emulator: %.0f post/s "
                        + "per channel with the burst and the "
                        + "answer latency below (Slack's processing time: a post is counted when it arrives and "
                        + "answered, ok or 429, a uniform draw from mean ± jitter later; real Slack takes 150–500 ms); "
                        + "a fresh emulator and a fresh queue for every run, all runs in one JVM, after a discarded "
                        + "warm-up run of design (a) with %d messages per channel. Benchmark wall time %.1f min.",
                s.channels().size(), s.messagesPerChannel(), s.concurrency(), s.ratePerSecond(),
                common.quick() ? 3 : WARM_UP_MESSAGES, minutes));
        report.bullets(List.of(
                Design.RELAY.label() + ": " + Design.RELAY.description(),
                Design.POST_AND_RETHROW.label() + ": " + Design.POST_AND_RETHROW.description(),
                "redrive `maxReceiveCount` " + first.maxReceiveCount() + " (template.yaml) for both"));
        report.paragraph("Columns: *of limit* = (accepted − 1) / (last − first arrival) ÷ limit (for `all`: mean of "
                + "the channels); *429/msg* = 429 answers per delivered message; *spacing* = accepted posts closer "
                + "than 1 s to the previous one of the channel (a burst the emulator allowed counts too); *min gap ms* = "
                + "shortest time between two accepted posts of the channel; *drain s* = "
                + "start → channel's last post (`all`: queue empty); *handler s/msg* = summed handler time per "
                + "delivered message (the Lambda bill); *inv/msg* = invocations per delivered message; *lost* = "
                + "published − unique delivered − dead-lettered; *out of order* = inverted pairs in a channel's "
                + "delivered sequence; *DLQ* = dead-lettered; *dup* = posted twice.");
        report.paragraph("![B1: cumulative posts per channel over time, 429s marked](" + chart.getFileName() + ")");

        report.heading("Summary");
        Table summary = Table.of("setting", "design", "delivered", "of limit", "429/msg", "spacing", "drain s",
                "handler s/msg", "lost").rightAligned(2, 3, 4, 5, 6, 7, 8);
        for (RunResult run : runs) {
            ChannelFigures f = ChannelFigures.of(run).getLast();
            summary.row(run.scenario().setting(), run.design().label(), f.delivered() + "/" + f.published(),
                    Table.num(f.achievedOfLimit(), 3), Table.num(f.rateLimitedPerDelivered(), 3),
                    f.spacingViolations(), Table.num(f.drainSeconds(), 1),
                    Table.num(f.handlerSecondsPerDelivered(), 3), f.lost());
        }
        report.table(summary);

        for (Scenario scenario : runs.stream().map(RunResult::scenario).distinct().toList()) {
            List<RunResult> setting = runs.stream().filter(r -> r.scenario().equals(scenario)).toList();
            String label = scenario.setting();
            report.heading(Character.toUpperCase(label.charAt(0)) + label.substring(1));
            Table table = Table.of("design", "channel", "delivered", "of limit", "429s", "429/msg", "spacing",
                    "min gap ms", "drain s", "handler s/msg", "inv/msg", "lost", "out of order", "DLQ", "dup")
                    .rightAligned(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
            List<String> notes = new ArrayList<>();
            for (RunResult run : setting) {
                for (ChannelFigures f : ChannelFigures.of(run)) {
                    boolean all = f.channel().equals(ChannelFigures.ALL);
                    table.row(run.design().label(), all ? "**all**" : f.channel(),
                            f.delivered() + "/" + f.published(), Table.num(f.achievedOfLimit(), 3),
                            f.rateLimited(), Table.num(f.rateLimitedPerDelivered(), 3), f.spacingViolations(),
                            Table.num(f.minGapMillis(), 1),
                            Table.num(f.drainSeconds(), 1), Table.num(f.handlerSecondsPerDelivered(), 3),
                            Table.num(f.invocationsPerDelivered(), 2), f.lost(), f.inversions(), f.deadLettered(),
                            f.duplicates());
                }
                notes.add(note(run));
            }
            report.table(table);
            report.bullets(notes);
        }
        return report;
    }

    private static String note(RunResult run) {
        ChannelFigures all = ChannelFigures.of(run).getLast();
        StringBuilder b = new StringBuilder(run.design().label()).append(": ");
        b.append(run.drained() ? String.format(Locale.ROOT, "drained in %.1f s", run.settleSeconds())
                : String.format(Locale.ROOT, "did NOT drain within %.0f s; %d message(s) left on the queue",
                run.settleSeconds(), run.leftOnQueue()));
        long threw = run.invocations().stream().filter(TimedHandler.Invocation::threw).count();
        b.append(String.format(Locale.ROOT, "; %d invocations, %d threw", run.invocations().size(), threw));
        if (!run.relayOutcomes().isEmpty()) {
            b.append("; relay log outcomes ").append(run.relayOutcomes());
        }
        if (!run.deadLetters().isEmpty()) {
            b.append("; dead letters: ").append(run.deadLetters().stream().map(RunResult.DeadLetter::reason)
                    .distinct().toList());
        }
        if (run.design() == Design.RELAY) {
            double worst = ChannelFigures.of(run).stream().mapToDouble(ChannelFigures::achievedOfLimit).min()
                    .orElse(Double.NaN);
            boolean met = worst >= GOAL_OF_LIMIT
                    && all.rateLimitedPerDelivered() <= GOAL_429_PER_DELIVERED && all.spacingViolations() == 0;
            b.append(String.format(Locale.ROOT, "; goal (every channel ≥ %.2f of limit, ≤ %.2f 429/msg, no spacing violation): %s"
                    + " (slowest channel %.3f)", GOAL_OF_LIMIT, GOAL_429_PER_DELIVERED, met ? "**met**" : "**not met**",
                    worst));
        }
        return b.toString();
    }
}
