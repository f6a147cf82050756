package dev.slackrelay.benchmarks.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.ingest.LoadPhase.Result;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import dev.slackrelay.local.serve.LocalService;
import dev.slackrelay.local.serve.ServeOptions;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * B7 — HTTP ingestion: concurrent clients POST to {@code /v1/messages} of the local service ({@code serve}'s
 * {@link LocalService}); requests/s, latency percentiles and errors, then every accepted message ID is matched
 * against the queues. A picocli command: not thread-safe, run once.
 */
@Command(name = "b7", mixinStandardHelpOptions = true,
        description = "B7 — POST /v1/messages on serve with concurrent clients: requests/s, latency, nothing lost "
                + "(takes about 2.5 minutes).")
public final class IngestBenchmark implements Callable<Integer> {

    /** The goals, from the issue. */
    static final double GOAL_REQUESTS_PER_SECOND = 1_000;
    static final double GOAL_P99_MILLIS = 50;
    private static final String TOKEN = "b7-benchmark-token-0123456789";

    @Mixin
    CommonOptions common;

    @Option(names = "--clients", defaultValue = "50",
            description = "Concurrent clients, each with one request in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--warmup", description = "Warm-up of each variant, not measured (ISO-8601, default PT30S; "
            + "PT3S with --quick).")
    Duration warmup;

    @Option(names = "--duration", description = "Each measured phase (ISO-8601, default PT20S; PT5S with --quick).")
    Duration duration;

    @Option(names = "--array-size", defaultValue = "10",
            description = "Messages per request of the arrays phase; 0 skips it (default ${DEFAULT-VALUE}).")
    int arraySize;

    @Option(names = "--channels", defaultValue = "5",
            description = "Channels the messages go to, round robin (default ${DEFAULT-VALUE}).")
    int channels;

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.describe();
        Duration warm = warmup != null ? warmup : common.quick() ? Duration.ofSeconds(3) : Duration.ofSeconds(30);
        Duration measured = duration != null ? duration
                : common.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        List<Result> results = new ArrayList<>();
        List<QueueAudit> audits = new ArrayList<>();
        Variant single = new Variant("single message per request", 1, this::single);
        List<Variant> variants = arraySize > 0
                ? List.of(single, new Variant(arraySize + " messages per request", arraySize, n -> array(n, arraySize)))
                : List.of(single);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            for (Variant variant : variants) {
                run(http, variant, warm, measured, results, audits);
            }
        }
        QueueAudit audit = QueueAudit.sum(audits);
        Report report = report(machine, results, audit, warm, measured);
        report.endOfRun().print(System.out);
        Path file = common.file("b7", ".md");
        report.write(file);
        writeJson(common.file("b7", ".json"), machine, results, audit);
        System.err.println("B7 written to " + file);
        return met(results.getFirst(), audit) ? 0 : 1;
    }

    /** One load shape: what each request carries. */
    private record Variant(String label, int perRequest, IntFunction<String> body) {
    }

    /**
     * A fresh service per variant (so that each starts with empty queues: ElasticMQ's FIFO deduplication history
     * grows with every message of the last 5 minutes), a warm-up, the measured phase, the reconciliation.
     */
    private void run(HttpClient http, Variant variant, Duration warm, Duration measured, List<Result> results,
                     List<QueueAudit> audits) throws InterruptedException {
        try (LocalService service = LocalService.start(
                ServeOptions.builder().httpPort(0).token(TOKEN).relay(false).build(), null)) {
            LoadPhase load = new LoadPhase(http, service.messagesUrl(), TOKEN);
            System.err.printf(Locale.ROOT, "B7 %s: %d clients on %s; warm-up %d s...%n", variant.label(), clients,
                    service.messagesUrl(), warm.toSeconds());
            Result warmUp = load.run("warm-up", clients, variant.perRequest(), warm, variant.body());
            Result result = load.run(variant.label(), clients, variant.perRequest(), measured, variant.body());
            results.add(result);
            System.err.printf(Locale.ROOT, "B7 %s: warm-up %.0f requests/s; %.0f requests/s, %.0f messages/s, p99 "
                            + "%.1f ms; reconciling...%n", variant.label(), warmUp.requestsPerSecond(),
                    result.requestsPerSecond(), result.messagesPerSecond(), result.latencies().percentileMillis(99));
            List<String> accepted = new ArrayList<>(warmUp.ids());
            accepted.addAll(result.ids());
            audits.add(QueueAudit.of(service.pipeline(), accepted, channels));
        }
    }

    private String message(int n) {
        int client = n / 1_000_000;
        int seq = n % 1_000_000;
        return "{\"channel\":\"C0B7" + (n % channels) + "\",\"title\":\"B7\",\"body\":\"client " + client + " request "
                + seq + "\"}";
    }

    private String single(int n) {
        return message(n);
    }

    private String array(int n, int size) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",").append(message(n)
                    .replace("\"}", " item " + i + "\"}"));
        }
        return json.append(']').toString();
    }

    private static boolean met(Result singles, QueueAudit audit) {
        return singles.requestsPerSecond() >= GOAL_REQUESTS_PER_SECOND
                && singles.latencies().percentileMillis(99) <= GOAL_P99_MILLIS && singles.errorCount() == 0
                && audit.lost() == 0 && audit.duplicates() == 0 && audit.unexpected() == 0;
    }

    private Report report(Machine machine, List<Result> results, QueueAudit audit, Duration warm, Duration measured) {
        Report report = new Report("B7 — HTTP ingestion", common.command("b7"), machine);
        report.paragraph(String.format(Locale.ROOT, "`serve`'s service in one JVM (`LocalService`: the ingest core "
                        + "hosted by the JDK's HTTP server on virtual threads, the publisher on embedded SQS (ElasticMQ) "
                        + "with the template's FIFO queues, the Slack emulator), with the relay not running, so that "
                        + "every accepted message stays on the queue to be counted. %d clients (platform threads "
                        + "sharing one `java.net.http.HttpClient`, HTTP/1.1 keep-alive), each with one request in "
                        + "flight at all times, POST wire-format messages with a bearer token to `/v1/messages`, "
                        + "round robin over %d channels: a fresh service per variant, a %d s warm-up (not "
                        + "measured), then %d s measured, with one message per request%s. Latency is send → whole answer read, at the client; a request counts when "
                        + "answered 202. Clients, server, ElasticMQ and the relay share the machine's cores.",
                clients, channels, warm.toSeconds(), measured.toSeconds(),
                arraySize > 0 ? String.format(Locale.ROOT, " and with arrays of %d", arraySize) : ""));
        Table table = Table.of("phase", "clients", "requests", "requests/s", "messages/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "errors", "CPU ms/request").rightAligned(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (Result r : results) {
            table.row(r.label(), r.clients(), Table.count(r.requests()), Table.num(r.requestsPerSecond(), 0),
                    Table.num(r.messagesPerSecond(), 0), Table.num(r.latencies().percentileMillis(50), 1),
                    Table.num(r.latencies().percentileMillis(90), 1), Table.num(r.latencies().percentileMillis(99), 1),
                    Table.num(r.latencies().percentileMillis(100), 1),
                    r.errorCount() == 0 ? "0" : r.errorCount() + " " + r.errors(), Table.num(r.cpuMillisPerRequest(), 2));
        }
        report.table(table);
        report.paragraph("*CPU ms/request*: the CPU time this JVM used during the phase (clients, HTTP server, ingest "
                + "core, SDK client, ElasticMQ: everything but the kernel's loopback) ÷ requests answered: the cost "
                + "that caps requests/s at (cores × 1000) ÷ it on a machine with nothing else to do.");
        report.heading("Every 202 reached the queue");
        report.paragraph("After each variant the relay and urgent queues are drained; every message ID a 202 "
                + "returned (warm-up included; it is the message's `MessageDeduplicationId`) must be on them exactly "
                + "once, and nothing else. Summed over the variants:");
        Table reconciliation = Table.of("accepted (202 ids)", "on the queues", "lost", "duplicates", "unexpected")
                .rightAligned(0, 1, 2, 3, 4);
        reconciliation.row(Table.count(audit.accepted()), Table.count(audit.onQueue()), audit.lost(),
                audit.duplicates(), audit.unexpected());
        report.table(reconciliation);
        Result singles = results.getFirst();
        report.paragraph(String.format(Locale.ROOT, "Goal (issue 10): ≥ %.0f requests/s and p99 ≤ %.0f ms with %d "
                        + "clients, nothing lost: **%s** (%.0f requests/s, p99 %.1f ms, lost %d).",
                GOAL_REQUESTS_PER_SECOND, GOAL_P99_MILLIS, clients, met(singles, audit) ? "met" : "not met",
                singles.requestsPerSecond(), singles.latencies().percentileMillis(99), audit.lost()));
        report.paragraph(String.format(Locale.ROOT, "Reading the figures: the clients are a closed loop, each sending "
                + "its next request when the last is answered, so the mean latency is clients ÷ requests/s (Little's "
                + "law: %d clients at 1,000 requests/s wait 50 ms on average); a p99 of 50 ms takes a capacity well "
                + "above the goal's rate. Where the CPU goes: `java -XX:StartFlightRecording=delay=45s,duration=15s,"
                + "filename=b7.jfr -jar benchmarks/target/slack-relay-benchmarks.jar b7 --array-size 0`, then `jfr "
                + "print --events jdk.ExecutionSample b7.jfr`.", clients));
        return report;
    }

    private void writeJson(Path file, Machine machine, List<Result> results, QueueAudit audit)
            throws java.io.IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "b7");
        json.put("command", common.command("b7"));
        json.put("machine", Map.of("cpus", machine.cpus(), "cpuModel", machine.cpuModel(), "jdk", machine.jdk(),
                "date", machine.date().toString(), "loadAverageStart", machine.loadAverage(),
                "loadAverageEnd", Machine.currentLoadAverage()));
        List<Map<String, Object>> phases = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", r.label());
            phase.put("clients", r.clients());
            phase.put("messagesPerRequest", r.perRequest());
            phase.put("seconds", r.seconds());
            phase.put("requests", r.requests());
            phase.put("requestsPerSecond", r.requestsPerSecond());
            phase.put("messagesPerSecond", r.messagesPerSecond());
            for (double p : new double[] {50, 90, 99, 100}) {
                phase.put(p == 100 ? "maxMillis" : "p" + (int) p + "Millis", r.latencies().percentileMillis(p));
            }
            phase.put("errors", r.errors());
            phase.put("cpuSeconds", r.cpuSeconds());
            phase.put("cpuMillisPerRequest", r.cpuMillisPerRequest());
            phases.add(phase);
        }
        json.put("phases", phases);
        json.put("reconciliation", audit);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
