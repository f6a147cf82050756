package dev.slackrelay.local.soak;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.slackrelay.local.soak.SoakReport.ScenarioResult;

/**
 * The fault matrix: runs each {@link Scenario} of the {@link SoakOptions} over the whole local pipeline (Slack
 * emulator, embedded SQS with the template's queues, the publisher, the relay behind the event-source emulator or as
 * the standalone poller process) and reconciles every published message against the emulator's record and the
 * dead-letter queue.
 *
 * <pre>{@code
 * SoakReport report = new Soak(SoakOptions.builder().scenarios(Scenario.ALL).build(), System.out).run();
 * System.out.print(report.render());
 * }</pre>
 *
 * <p>Each scenario gets a fresh emulator and a fresh SQS, so scenarios do not disturb each other. The {@code kill}
 * scenario (and {@code all}) starts the {@code relay} command in a JVM of its own from this JVM's class path
 * ({@code java.class.path}), so that class path must hold this module and its dependencies (the runnable jar does).
 *
 * <p>Not thread-safe: one {@link #run()} at a time per instance.
 */
public final class Soak {

    private final SoakOptions options;
    private final PrintStream progress;

    /**
     * @param options  what to run
     * @param progress where a line per scenario and progress lines go, or {@code null} for none
     */
    public Soak(SoakOptions options, PrintStream progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = progress != null ? progress : new PrintStream(OutputStream.nullOutputStream());
    }

    /**
     * Runs every scenario, one after the other, and shuts everything down.
     *
     * @throws InterruptedException if interrupted; what was started is shut down all the same
     * @throws IllegalStateException if a scenario cannot be set up (for example the poller process does not start)
     */
    public SoakReport run() throws InterruptedException {
        long start = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            progress.printf(Locale.ROOT, "[%s] %s%n", scenario.label(), scenario.description());
            progress.flush();
            ScenarioResult result = new ScenarioRun(scenario, options, progress).run();
            progress.printf(Locale.ROOT, "[%s] %s in %.1f s: published %d, delivered %d, dead-lettered %d, lost %d%n",
                    scenario.label(), result.ok() ? "OK" : "FAILED", result.elapsed().toMillis() / 1000.0,
                    result.published(), result.delivered(), result.deadLettered(), result.lost());
            progress.flush();
            results.add(result);
        }
        return new SoakReport(options, Duration.ofNanos(System.nanoTime() - start), results);
    }
}
