package dev.slackrelay.benchmarks.coldstart;

import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.coldstart.probe.ColdStartProbe;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.jvm.ChildEnvironment;
import dev.slackrelay.local.jvm.DriverJar;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.poller.internal.LambdaSqsEvents;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * B3 — cold start and size: the deployable jar's size and contents, and fresh JVMs from process spawn to the first
 * record handled against the emulators, with and without C1-only compilation and a JDK 25 AOT cache. A picocli
 * command: not thread-safe, run once.
 */
@Command(name = "b3", mixinStandardHelpOptions = true,
        description = "B3 — deployable jar size, and JVM start → first SQS record handled (fresh JVMs).")
public final class ColdStartBenchmark implements Callable<Integer> {

    private static final String TOKEN = "xoxb-b3-probe";
    private static final String CHANNEL = "C0COLD01";
    /** Every child JVM: what a 1024 MB Lambda function's JVM picks on its own (one CPU or less: Serial GC). */
    private static final List<String> BASE_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx1g");

    /** How the relay is hosted in the child JVM. */
    enum Host {
        LAMBDA("Lambda handler", "lambda", 2),
        POLLER("standalone poller", "poller", 1);

        final String label;
        final String mode;
        final int posts;

        Host(String label, String mode, int posts) {
            this.label = label;
            this.mode = mode;
            this.posts = posts;
        }
    }

    /** JVM flags under test; {@code aot} adds {@code -XX:AOTCache=} with the host's trained cache. */
    record Variant(String label, List<String> flags, boolean aot) {
    }

    /**
     * One child JVM, timestamps in epoch microseconds.
     *
     * @param spawn    when the parent started the process
     * @param jvmStart the OS's process start time (10 ms resolution)
     * @param main     first statement of {@code main}
     * @param ready    handler (and, for the poller, the poller) constructed
     * @param first    first record handled
     * @param second   duration of the second record (Lambda host only), µs; -1 otherwise
     */
    record Sample(Host host, Variant variant, long spawn, long jvmStart, long main, long ready, long first,
                  long second, long heap, long rss, long classes) {

        double spawnToMainMillis() {
            return (main - spawn) / 1000.0;
        }

        double initMillis() {
            return (ready - main) / 1000.0;
        }

        double firstRecordMillis() {
            return (first - ready) / 1000.0;
        }

        double totalMillis() {
            return (first - spawn) / 1000.0;
        }

        double secondRecordMillis() {
            return second < 0 ? Double.NaN : second / 1000.0;
        }
    }

    @Mixin
    CommonOptions common;

    @Option(names = "--function-jar", paramLabel = "JAR", defaultValue = "relay-function/target/slack-relay-function.jar",
            description = "The deployable relay jar (default ${DEFAULT-VALUE}; built by the documented command).")
    Path functionJar;

    @Option(names = "--runs", description = "Fresh JVMs per host and variant (default 7; 2 with --quick).")
    Integer runs;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(functionJar)) {
            System.err.println(functionJar + " does not exist: build it with " + CommonOptions.BUILD);
            return 2;
        }
        Machine machine = Machine.describe();
        int runCount = runs != null ? runs : common.quick() ? 2 : 7;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path work = Files.createTempDirectory("slack-relay-b3");
        long started = System.nanoTime();
        try {
            Path probeJar = work.resolve("b3-probe.jar");
            int probeClasses = DriverJar.write(probeJar, ColdStartProbe.class, EventSourcePoller.class,
                    LambdaSqsEvents.class);
            // A copy: an AOT cache is valid only for the exact jar it was trained on, and a build running
            // meanwhile may rewrite relay-function/target.
            Path relayJar = Files.copy(functionJar, work.resolve(functionJar.getFileName()));
            JarContents contents = JarContents.of(relayJar);
            String classPath = relayJar + File.pathSeparator + probeJar;
            List<Sample> samples = new ArrayList<>();
            Map<Host, String> aotNotes = new HashMap<>();
            try (SlackEmulator slack = SlackEmulator.builder().token(TOKEN).ratePerSecond(0).build().start();
                 EmbeddedSqs sqs = EmbeddedSqs.builder().build().start()) {
                Children children = new Children(java, classPath, slack, sqs, work);
                List<Variant> variants = new ArrayList<>(List.of(
                        new Variant("default (C2)", List.of(), false),
                        new Variant("`-XX:TieredStopAtLevel=1`", List.of("-XX:TieredStopAtLevel=1"), false)));
                for (Host host : Host.values()) {
                    System.err.printf(Locale.ROOT, "B3 %s: training the AOT cache...%n", host.label);
                    aotNotes.put(host, children.train(host));
                }
                variants.add(new Variant("AOT cache", List.of(), true));
                variants.add(new Variant("AOT cache + `-XX:TieredStopAtLevel=1`", List.of("-XX:TieredStopAtLevel=1"),
                        true));
                for (Host host : Host.values()) {
                    children.run(host, variants.getFirst()); // warms the page cache; not reported
                }
                for (int run = 1; run <= runCount; run++) {
                    System.err.printf(Locale.ROOT, "B3 round %d/%d%n", run, runCount);
                    for (Host host : Host.values()) {
                        for (Variant variant : variants) {
                            samples.add(children.run(host, variant));
                        }
                    }
                }
                double minutes = (System.nanoTime() - started) / 60e9;
                Report report = report(machine, contents, samples, variants, runCount, probeClasses, aotNotes,
                        minutes);
                report.endOfRun().print(System.out);
                Path file = common.file("b3", ".md");
                report.write(file);
                System.err.println("B3 written to " + file);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** Spawns and reads the child JVMs. */
    private static final class Children {

        /**
         * A poller child's last long poll can outlive the child: ElasticMQ still answers it, into a closed
         * connection, and so hides the next record for the whole visibility timeout. Waiting out that poll
         * before queueing the next record avoids it.
         */
        private static final long LONG_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

        private final Path java;
        private final String classPath;
        private final SlackEmulator slack;
        private final EmbeddedSqs sqs;
        private final Path work;
        private long lastPollerExit;

        Children(Path java, String classPath, SlackEmulator slack, EmbeddedSqs sqs, Path work) {
            this.java = java;
            this.classPath = classPath;
            this.slack = slack;
            this.sqs = sqs;
            this.work = work;
            this.lastPollerExit = System.nanoTime() - LONG_POLL_NANOS;
        }

        Path cache(Host host) {
            return work.resolve(host.mode + ".aot");
        }

        /** A training run that writes the host's AOT cache; returns what happened, for the report. */
        String train(Host host) throws IOException, InterruptedException {
            Path cache = cache(host);
            List<String> flags = List.of("-XX:AOTCacheOutput=" + cache);
            try {
                spawn(host, flags);
            } catch (IllegalStateException e) {
                return "training run failed: " + e.getMessage();
            }
            if (!Files.isRegularFile(cache)) {
                return "training run wrote no cache";
            }
            return String.format(Locale.ROOT, "cache %.1f MB from one training run", Files.size(cache) / 1e6);
        }

        Sample run(Host host, Variant variant) throws IOException, InterruptedException {
            List<String> flags = new ArrayList<>(variant.flags());
            if (variant.aot()) {
                // AOTMode=on: a cache the JVM cannot use is an error, not a silent run without it
                flags.add("-XX:AOTCache=" + cache(host));
                flags.add("-XX:AOTMode=on");
            }
            return spawn(host, flags).withVariant(variant);
        }

        private Pending spawn(Host host, List<String> flags) throws IOException, InterruptedException {
            if (host == Host.POLLER) {
                long wait = lastPollerExit + LONG_POLL_NANOS - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageGroupId(CHANNEL)
                        .messageDeduplicationId("b3-" + System.nanoTime())
                        .messageBody("{\"channel\":\"" + CHANNEL + "\",\"title\":\"Cold start probe\","
                                + "\"body\":\"queued by the B3 benchmark\"}"));
            }
            long acceptedBefore = slack.stats().accepted();
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(BASE_FLAGS);
            command.addAll(flags);
            command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), host.mode));
            Map<String, String> env = new HashMap<>(sqs.clientEnvironment());
            env.put("SQS_QUEUE_URL", sqs.queueUrl());
            env.put("SQS_DLQ_URL", sqs.dlqUrl());
            env.put("SLACK_BOT_TOKEN", TOKEN);
            env.put("SLACK_API_URL", slack.apiUrl());
            env.put("CHANNEL_INTERVAL_MS", "0"); // start-up is measured here, not pacing
            env.put("B3_QUEUE_ARN", sqs.queueArn());
            env.put("B3_CHANNEL", CHANNEL);
            ProcessBuilder builder = ChildEnvironment.configure(new ProcessBuilder(command), env);
            Path stderr = work.resolve("child-stderr.txt");
            builder.redirectError(stderr.toFile());

            long spawn = micros();
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("child JVM did not exit within 120 s");
            }
            if (host == Host.POLLER) {
                lastPollerExit = System.nanoTime();
            }
            String line = out.lines().filter(l -> l.startsWith(ColdStartProbe.PREFIX)).findFirst().orElse(null);
            if (process.exitValue() != 0 || line == null) {
                throw new IllegalStateException("child JVM exited " + process.exitValue() + " without a result: "
                        + tail(stderr) + " " + tail(out));
            }
            Map<String, Long> values = new HashMap<>();
            Arrays.stream(line.substring(ColdStartProbe.PREFIX.length()).trim().split(" ")).forEach(kv -> {
                int eq = kv.indexOf('=');
                values.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            });
            long posted = slack.stats().accepted() - acceptedBefore;
            if (values.get("failures") != 0 || posted != host.posts) {
                throw new IllegalStateException("child JVM handled its records wrongly: " + values.get("failures")
                        + " failures, " + posted + " posts accepted (expected " + host.posts + ")");
            }
            if (host == Host.POLLER && onQueue() != 0) {
                throw new IllegalStateException("the poller left its record on the queue");
            }
            return new Pending(host, spawn, values);
        }

        private long onQueue() {
            return sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.queueUrl()).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().values().stream().mapToLong(Long::parseLong).sum();
        }

        private static String tail(Path file) throws IOException {
            return Files.exists(file) ? tail(Files.readString(file)) : "";
        }

        private static String tail(String text) {
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        }
    }

    /** A child's result before it is known under which variant it ran. */
    private record Pending(Host host, long spawn, Map<String, Long> values) {
        Sample withVariant(Variant variant) {
            return new Sample(host, variant, spawn, values.get("jvmStart"), values.get("main"), values.get("ready"),
                    values.get("first"), values.get("second"), values.get("heap"), values.get("rss"),
                    values.get("classes"));
        }
    }

    private Report report(Machine machine, JarContents contents, List<Sample> samples, List<Variant> variants,
                          int runCount, int probeClasses, Map<Host, String> aotNotes, double minutes) {
        Report report = new Report("B3 — cold start and size", common.command("b3"), machine);
        report.heading("Deployable jar");
        report.paragraph(String.format(Locale.ROOT, "`%s`: **%,d bytes (%.1f MB)**, %,d files. Largest contents by "
                        + "top-level package (compressed size in the jar):", functionJar.getFileName(),
                contents.bytes(), contents.bytes() / 1e6, contents.groups().stream()
                        .mapToLong(JarContents.Group::entries).sum()));
        Table jar = Table.of("package", "files", "compressed MB", "share", "unpacked MB");
        long total = contents.groups().stream().mapToLong(JarContents.Group::compressed).sum();
        contents.groups().stream().limit(12).forEach(g -> jar.row("`" + g.prefix() + "`", Table.count(g.entries()),
                Table.num(g.compressed() / 1e6, 2), Table.num(100.0 * g.compressed() / total, 1) + " %",
                Table.num(g.uncompressed() / 1e6, 2)));
        report.table(jar);

        report.heading("JVM start → first record handled");
        report.paragraph(String.format(Locale.ROOT, "Fresh JVMs (`%s` of this JDK, flags `%s` plus the variant's) "
                        + "on the deployable jar plus a %d-class probe jar, against the Slack emulator and embedded "
                        + "SQS started by the parent; channel interval 0 (start-up is measured, not pacing); rate "
                        + "limits off. Median of %d runs per row (rounds interleave hosts and variants; one discarded "
                        + "warm-up JVM per host first). Benchmark wall time %.1f min.", "java", String.join(" ",
                        BASE_FLAGS), probeClasses, runCount, minutes));
        report.bullets(List.of(
                "*Lambda handler*: `new RelayHandler()` from the environment (what Lambda's init does), then an "
                        + "`SQSEvent` with one record handed to it (what the event source does; the Lambda runtime "
                        + "client itself is not part of this).",
                "*standalone poller*: `SdkClients.sqs()`, the relay on it and the event-source poller "
                        + "(`EventSourcePoller`, 1 worker), which receives a record the parent queued, invokes the "
                        + "relay and deletes it.",
                "*spawn → main*: process spawn to the first statement of `main` (JVM boot); *init*: `main` → "
                        + "handler (and poller) ready; *first record*: ready → first record handled (includes the "
                        + "Slack post; for the poller also the receive); *total*: spawn → first record handled; "
                        + "*2nd record*: the next record in the same JVM (Lambda host); *heap*: used after a full GC "
                        + "following the first record; *RSS*: resident set then.",
                "AOT cache (JEP 483/514/515): one training run per host with `-XX:AOTCacheOutput=`, then "
                        + "`-XX:AOTCache=` with `-XX:AOTMode=on` (a cache the JVM cannot use fails the run rather "
                        + "than being silently ignored). Lambda host: " + aotNotes.get(Host.LAMBDA)
                        + "; standalone poller: " + aotNotes.get(Host.POLLER) + "."));
        Table table = Table.of("host", "JVM flags", "spawn → main ms", "init ms", "first record ms", "total ms",
                "total min–max", "2nd record ms", "heap MB", "RSS MB", "classes").rightAligned(2, 3, 4, 5, 6, 7, 8, 9,
                10);
        for (Host host : Host.values()) {
            for (Variant variant : variants) {
                List<Sample> rows = samples.stream().filter(s -> s.host() == host && s.variant().equals(variant))
                        .toList();
                if (rows.isEmpty()) {
                    continue;
                }
                double[] totals = rows.stream().mapToDouble(Sample::totalMillis).sorted().toArray();
                table.row(host.label, variant.label(), Table.num(median(rows, Sample::spawnToMainMillis), 0),
                        Table.num(median(rows, Sample::initMillis), 0),
                        Table.num(median(rows, Sample::firstRecordMillis), 0),
                        "**" + Table.num(median(rows, Sample::totalMillis), 0) + "**",
                        Table.num(totals[0], 0) + "–" + Table.num(totals[totals.length - 1], 0),
                        Table.num(median(rows, Sample::secondRecordMillis), 1),
                        Table.num(median(rows, s -> s.heap() / 1048576.0), 1),
                        Table.num(median(rows, s -> s.rss() / 1048576.0), 0),
                        Table.count(Math.round(median(rows, s -> (double) s.classes()))));
            }
        }
        report.table(table);
        report.heading("SnapStart and priming");
        report.bullets(snapStartNotes(samples));
        return report;
    }

    private static List<String> snapStartNotes(List<Sample> samples) {
        List<Sample> lambda = samples.stream()
                .filter(s -> s.host() == Host.LAMBDA && s.variant().flags().isEmpty() && !s.variant().aot()).toList();
        double boot = median(lambda, Sample::spawnToMainMillis);
        double init = median(lambda, Sample::initMillis);
        double first = median(lambda, Sample::firstRecordMillis);
        double second = median(lambda, Sample::secondRecordMillis);
        return List.of(
                String.format(Locale.ROOT, "With SnapStart (enabled on published versions in template.yaml), Lambda "
                        + "restores a snapshot taken after init: the JVM boot (%.0f ms here) and the handler's "
                        + "construction (%.0f ms) are replaced by the restore. The first record after a restore "
                        + "still pays for the code paths only a real post loads: %.0f ms here for the first record "
                        + "against %.1f ms for the second.", boot, init, first, second),
                "The relay builds its Slack SDK and SQS clients in the handler's constructor (`RelayHandler()` → "
                        + "`Relay.builder()`), so their classes are loaded and their objects are in the snapshot. It "
                        + "does not prime further: there is no CRaC `beforeCheckpoint` hook (`org.crac`) that would "
                        + "run a request through OkHttp, Jackson and the SDK's marshallers before the snapshot. That "
                        + "is where the first-record time above could be cut; it is not implemented.",
                "Numbers are from this machine's JVM, not from Lambda: Lambda's init also loads the runtime "
                        + "interface client, and its CPU share at 1024 MB is below one core.");
    }

    private static double median(List<Sample> rows, ToDoubleFunction<Sample> value) {
        double[] sorted = rows.stream().mapToDouble(value).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
