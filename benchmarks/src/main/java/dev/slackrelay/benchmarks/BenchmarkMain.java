package dev.slackrelay.benchmarks;

import dev.slackrelay.benchmarks.coldstart.ColdStartBenchmark;
import dev.slackrelay.benchmarks.delivery.DeliveryBenchmark;
import dev.slackrelay.benchmarks.digest.DigestBenchmark;
import dev.slackrelay.benchmarks.ingest.IngestBenchmark;
import dev.slackrelay.benchmarks.keys.KeysBenchmark;
import dev.slackrelay.benchmarks.overhead.OverheadBenchmark;
import dev.slackrelay.benchmarks.publish.PublisherBenchmark;
import dev.slackrelay.benchmarks.urgent.UrgentLaneBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' command line: {@code java -jar benchmarks/target/slack-relay-benchmarks.jar b1|...|b8 [--quick]}.
 * Each benchmark prints a Markdown table and writes {@code benchmarks/results/<bench>.md} (B1 also a chart).
 * Run one benchmark per JVM; nothing here is meant to be shared between threads.
 */
@Command(name = "slack-relay-benchmarks", mixinStandardHelpOptions = true,
        description = "Re-runnable performance measurements of slack-relay (see benchmarks/README.md).",
        subcommands = {DeliveryBenchmark.class, PublisherBenchmark.class, ColdStartBenchmark.class,
                OverheadBenchmark.class, DigestBenchmark.class, UrgentLaneBenchmark.class, IngestBenchmark.class,
                KeysBenchmark.class})
public final class BenchmarkMain implements Runnable {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new BenchmarkMain()).execute(args);
        // Pekko, OkHttp and the SDKs leave daemon and pool threads behind; a benchmark is done when it has written.
        System.exit(code);
    }

    /**
     * Before any logger exists: warnings only, and none from the event-source emulator, which logs every handler
     * that throws — what design (b) of B1 does by design hundreds of times.
     */
    private static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the local module's simplelogger.properties turns dev.slackrelay up to info; these override it
        System.setProperty("org.slf4j.simpleLogger.log.dev.slackrelay", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.dev.slackrelay.poller", "error");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
