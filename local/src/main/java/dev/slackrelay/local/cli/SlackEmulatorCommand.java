package dev.slackrelay.local.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.emulator.EmulatorOptions;
import dev.slackrelay.emulator.FaultOptions;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.poller.internal.StopSignal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slack-emulator}: only the Slack Web API and webhook emulator, on 127.0.0.1, until Ctrl-C. Point
 * {@code SLACK_API_URL} of the {@code relay} command, of {@code sam local invoke} or of any Slack SDK at it.
 *
 * <p>Not thread-safe: picocli fills one instance per run; {@link #awaitStarted(Duration)} and {@link #stop()} may be
 * called from another thread.
 */
@Command(name = "slack-emulator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Runs the Slack Web API (chat.postMessage, auth.test) and incoming-webhook emulator on 127.0.0.1 "
                        + "until stopped (Ctrl-C).",
                "It applies Slack's per-channel and workspace rate limits (429 + Retry-After), Slack's errors and "
                        + "payload checks, injected faults, and records every accepted post (GET /posts, GET /stats)."})
final class SlackEmulatorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9000",
            description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--rate", paramLabel = "POSTS/S", defaultValue = "1.0",
            description = "Posts per second per channel and per webhook; 0 turns the limit off (default: "
                    + "${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "1",
            description = "Posts a channel may make back to back (default: ${DEFAULT-VALUE})")
    private int burst;

    @Option(names = "--workspace-per-minute", paramLabel = "N", defaultValue = "0",
            description = "Workspace-wide posts per minute; 0 is off (default: ${DEFAULT-VALUE})")
    private int workspacePerMinute;

    @Option(names = "--workspace-burst", paramLabel = "N", defaultValue = "0",
            description = "Back-to-back posts of the workspace; 0 means --workspace-per-minute")
    private int workspaceBurst;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = EmulatorOptions.DEFAULT_TOKEN,
            description = "The only bot token accepted (default: ${DEFAULT-VALUE})")
    private String token;

    @Option(names = "--channel", paramLabel = "CHANNEL",
            description = "A channel that exists (repeatable); none given: every channel exists")
    private List<String> channels = new ArrayList<>();

    @Option(names = "--archived", paramLabel = "CHANNEL", description = "An archived channel (repeatable)")
    private List<String> archived = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "KEY=CHANNEL",
            description = "An incoming webhook /services/KEY posting to CHANNEL, e.g. T1/B1/secret=#alerts "
                    + "(repeatable)")
    private Map<String, String> webhooks = new LinkedHashMap<>();

    @Option(names = "--force-error", paramLabel = "CHANNEL=ERROR",
            description = "Every post to CHANNEL fails with the Slack error ERROR (repeatable)")
    private Map<String, String> forcedErrors = new LinkedHashMap<>();

    @Option(names = "--error-rate", paramLabel = "0..1", defaultValue = "0",
            description = "Share of posts answered 500/502/503")
    private double errorRate;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Slack's processing time: each post's answer (ok, error or 429) is sent this long on "
                    + "average after the post was decided and counted (real Slack: 150-500 ms)")
    private long latencyMs;

    @Option(names = "--jitter-ms", paramLabel = "MS", defaultValue = "0",
            description = "Spread of --latency-ms: each answer waits a uniform draw from latency ± jitter, at least 0")
    private long jitterMs;

    @Option(names = "--delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "Network delay fault: added before each post arrives and is processed")
    private long delayMs;

    @Option(names = "--slow-rate", paramLabel = "0..1", defaultValue = "0",
            description = "Share of posts answered only after --slow-ms")
    private double slowRate;

    @Option(names = "--slow-ms", paramLabel = "MS", defaultValue = "15000",
            description = "How late a slow answer comes (default: ${DEFAULT-VALUE})")
    private long slowMs;

    @Option(names = "--slow-accepted",
            description = "A slow post is still accepted and recorded; only its answer is late")
    private boolean slowAccepted;

    @Option(names = "--drop-rate", paramLabel = "0..1", defaultValue = "0",
            description = "Share of posts whose connection is closed without an answer")
    private double dropRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + FaultOptions.DEFAULT_SEED,
            description = "Seed of the fault and answer-latency draws (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--blocks-text-limit", paramLabel = "CHARS",
            defaultValue = "" + EmulatorOptions.DEFAULT_BLOCKS_TEXT_LIMIT,
            description = "Cumulative block text above which a post is msg_blocks_too_long (default: "
                    + "${DEFAULT-VALUE})")
    private int blocksTextLimit;

    @Option(names = "--spacing-tolerance-ms", paramLabel = "MS", defaultValue = "0",
            description = "How much closer than 1/rate two posts may come before counting as a spacing violation")
    private long spacingToleranceMs;

    private final PrintStream out;
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile SlackEmulator running;

    SlackEmulatorCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        EmulatorOptions options = options();
        SlackEmulator emulator;
        try {
            emulator = SlackEmulator.create(options).start();
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage(), e);
        }
        try {
            stop.installShutdownHook("slack-emulator", Duration.ofSeconds(5));
            printStarted(emulator, options);
            running = emulator;
            started.countDown();
            stop.await();
            out.println("slack-emulator: stopping; " + emulator.stats().accepted() + " posts accepted");
            return 0;
        } finally {
            emulator.close();
            stop.finished();
        }
    }

    private EmulatorOptions options() {
        try {
            FaultOptions faults = new FaultOptions(seed, errorRate, Duration.ofMillis(delayMs), slowRate,
                    Duration.ofMillis(slowMs), slowAccepted, dropRate, forcedErrors);
            return new EmulatorOptions(port, token, new LinkedHashSet<>(channels), new LinkedHashSet<>(archived),
                    rate, burst, workspacePerMinute, workspaceBurst, blocksTextLimit, webhooks,
                    Duration.ofMillis(spacingToleranceMs), faults,
                    new AnswerLatency(Duration.ofMillis(latencyMs), Duration.ofMillis(jitterMs), seed));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void printStarted(SlackEmulator emulator, EmulatorOptions options) {
        out.println("Slack emulator listening on " + emulator.baseUrl());
        out.println("  SLACK_API_URL=" + emulator.apiUrl());
        out.println("  SLACK_BOT_TOKEN=" + options.token());
        options.webhooks().forEach((key, channel) ->
                out.println("  webhook to " + channel + ": " + emulator.webhookUrl(key)));
        out.printf(Locale.ROOT, "  limits: %s per channel, burst %d; workspace %s; channels: %s%s%n",
                options.channelLimitsEnabled() ? String.format(Locale.ROOT, "%.2f post/s", options.ratePerSecond())
                        : "no limit", options.burst(),
                options.workspacePerMinute() > 0 ? options.workspacePerMinute() + " posts/min" : "no limit",
                options.channels().isEmpty() ? "any" : String.join(", ", options.channels()),
                options.archived().isEmpty() ? "" : "; archived: " + String.join(", ", options.archived()));
        if (!options.answerLatency().isZero()) {
            out.println("  answers after " + options.answerLatency().label() + " (Slack's processing time)");
        }
        FaultOptions f = options.faults();
        if (f.serverErrorRate() > 0 || f.dropRate() > 0 || f.slowRate() > 0 || !f.latency().isZero()
                || !f.forcedErrors().isEmpty()) {
            out.printf(Locale.ROOT, "  faults: %.0f%% 5xx, %.0f%% dropped, %.0f%% slow (%d ms%s), +%d ms network delay%s%n",
                    100 * f.serverErrorRate(), 100 * f.dropRate(), 100 * f.slowRate(), f.slowDelay().toMillis(),
                    f.slowAnswersAccepted() ? ", still accepted" : "", f.latency().toMillis(),
                    f.forcedErrors().isEmpty() ? "" : ", forced errors " + f.forcedErrors());
        }
        out.println("  record: GET " + emulator.baseUrl() + "/posts[?channel=C...], GET " + emulator.baseUrl()
                + "/stats");
        out.println("Ctrl-C to stop.");
        out.flush();
    }

    /** The running emulator, once it listens; for tests. */
    SlackEmulator awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? running : null;
    }

    /** Stops a running command, as Ctrl-C would. */
    void stop() {
        stop.request();
    }
}
