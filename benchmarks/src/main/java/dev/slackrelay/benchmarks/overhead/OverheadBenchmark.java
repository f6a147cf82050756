package dev.slackrelay.benchmarks.overhead;

import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * B4 — per-message overhead: runs {@link MessagePipelineBenchmark} with JMH's Runner API and reports ns/op, ops/s and
 * bytes allocated per op. A picocli command: not thread-safe, run once.
 */
@Command(name = "b4", mixinStandardHelpOptions = true,
        description = "B4 — per-message overhead (JMH): decode + validate + render, small and 10k-character messages.")
public final class OverheadBenchmark implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.describe();
        boolean quick = common.quick();
        int forks = quick ? 1 : 2;
        int warmups = quick ? 1 : 3;
        int iterations = quick ? 2 : 5;
        TimeValue iterationTime = TimeValue.seconds(1);
        Path jmhLog = common.file("b4-jmh", ".log").toAbsolutePath();
        jmhLog.getParent().toFile().mkdirs();
        Options options = new OptionsBuilder()
                .include("\\." + MessagePipelineBenchmark.class.getSimpleName() + "\\.")
                .forks(forks)
                .warmupIterations(warmups).warmupTime(iterationTime)
                .measurementIterations(iterations).measurementTime(iterationTime)
                .threads(1)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .output(jmhLog.toString())
                .build();
        System.err.printf(Locale.ROOT, "B4: JMH, %d fork(s) × (%d warm-up + %d measured) × %s per benchmark;"
                + " JMH's own log: %s%n", forks, warmups, iterations, iterationTime, jmhLog);
        long started = System.nanoTime();
        Collection<RunResult> results = new Runner(options).run();
        double minutes = (System.nanoTime() - started) / 60e9;

        Report report = new Report("B4 — per-message overhead", common.command("b4"), machine);
        report.paragraph(String.format(Locale.ROOT, "JMH %s, mode average time, %d fork(s) × %d warm-up and %d "
                        + "measured iterations of %s, 1 thread, GC profiler for allocation. Message bodies: small %d "
                        + "bytes of JSON, large %d bytes (a 10,000-character body of 100-character lines with `&`, `<`, "
                        + "`>` to escape, plus one context block; the renderer splits it into 3,000-character sections "
                        + "and truncates it at its 10,000-character block-text budget). Benchmark wall time %.1f min.",
                Version.getPlainVersion(), forks, warmups, iterations, iterationTime,
                MessagePipelineBenchmark.json("small").getBytes(StandardCharsets.UTF_8).length,
                MessagePipelineBenchmark.json("large").getBytes(StandardCharsets.UTF_8).length, minutes));
        report.bullets(List.of(
                "`decode`: `WireFormat.decode` (JSON → `SlackMessage`)",
                "`validate`: `MessageValidator.validate`",
                "`render`: `BlockKitRenderer.render` (validates, then lays out, escapes, splits and truncates)",
                "`relayPath`: what the relay does per message around the post — decode, render (with validation), "
                        + "serialise the blocks for `chat.postMessage`"));
        Table table = Table.of("benchmark", "message", "ns/op", "± ns/op (99.9%)", "ops/s", "bytes allocated/op")
                .rightAligned(2, 3, 4, 5);
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing((RunResult r) -> order(r.getParams().getBenchmark()))
                .thenComparing(r -> r.getParams().getParam("size"), Comparator.reverseOrder()));
        for (RunResult result : sorted) {
            BenchmarkParams params = result.getParams();
            Result<?> primary = result.getPrimaryResult();
            double nanos = primary.getScore();
            table.row("`" + method(params.getBenchmark()) + "`", params.getParam("size"),
                    Table.count(Math.round(nanos)), Table.count(Math.round(primary.getScoreError())),
                    Table.count(Math.round(1e9 / nanos)),
                    allocation(result));
        }
        report.table(table);
        report.paragraph("For scale: the relay's pacing holds each message about 1,000,000,000 ns (one channel "
                + "interval); the overhead above is what a message costs in CPU besides the Slack call.");
        report.endOfRun().print(System.out);
        Path file = common.file("b4", ".md");
        report.write(file);
        System.err.println("B4 written to " + file);
        return 0;
    }

    private static String method(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static int order(String benchmark) {
        return List.of("decode", "validate", "render", "relayPath").indexOf(method(benchmark));
    }

    /** The GC profiler's normalised allocation rate: bytes allocated per operation. */
    @SuppressWarnings("rawtypes") // JMH's getSecondaryResults() is declared with the raw Result type
    private static String allocation(RunResult result) {
        for (var entry : result.getSecondaryResults().entrySet()) {
            if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
                return Table.count(Math.round(entry.getValue().getScore()));
            }
        }
        return "–";
    }
}
