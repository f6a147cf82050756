package dev.slackrelay.local.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.slackrelay.local.soak.Scenario;
import dev.slackrelay.local.soak.Soak;
import dev.slackrelay.local.soak.SoakOptions;
import dev.slackrelay.local.soak.SoakReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: runs the fault matrix ({@link Soak}) at soak size and prints the reconciliation table. Not
 * thread-safe: picocli fills one instance per run.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Runs the fault matrix over the local pipeline (Slack emulator, embedded SQS, the relay, the "
                        + "standalone poller as a process of its own): a mixed workload over several channels while "
                        + "it injects, each alone and then together: 10%% Slack 5xx, answers slower than the relay's "
                        + "timeout, dropped connections, 429 storms with Retry-After 1-5 s, a channel that is not "
                        + "found and one that is archived, malformed bodies from a foreign producer, and the poller "
                        + "killed with SIGKILL mid-run and restarted.",
                "Then reconciles every published message against what Slack accepted and what was dead-lettered, "
                        + "and prints the table. Takes a few minutes at the defaults."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing lost, every channel in order, every dead letter with its reason, every "
                + "duplicate explained", "1:something lost, out of order or unexplained", "2:usage error"})
final class SoakCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "Scenario(s) to run, comma-separated or repeated: 5xx, slow, drop, 429, dead-channels, "
                    + "poison, kill, all (everything together). Default: each alone, then all")
    private List<String> scenarios = new ArrayList<>();

    @Option(names = "--channels", paramLabel = "N", defaultValue = "6",
            description = "Healthy channels (default: ${DEFAULT-VALUE})")
    private int channels;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "40",
            description = "Messages per healthy channel (default: ${DEFAULT-VALUE})")
    private int messages;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "1.0",
            description = "Stretches the channel interval (500 ms x X) and the storms' Retry-After (up to 5 s x X) "
                    + "(default: ${DEFAULT-VALUE})")
    private double scale;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the fault draws and the poison's places (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "0",
            description = "Relay workers; 0 means one per channel of the scenario (default: ${DEFAULT-VALUE})")
    private int concurrency;

    @Option(names = "--messages-per-post", paramLabel = "N", defaultValue = "1",
            description = "The relay's MESSAGES_PER_POST, 1..10: above 1 backlogs go out as digests "
                    + "(default: ${DEFAULT-VALUE})")
    private int messagesPerPost;

    private final PrintStream out;

    SoakCommand(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public Integer call() throws InterruptedException {
        SoakOptions options;
        try {
            options = SoakOptions.builder().channels(channels).messagesPerChannel(messages).durationScale(scale)
                    .seed(seed).concurrency(concurrency).messagesPerPost(messagesPerPost)
                    .scenarios(scenarios.isEmpty() ? SoakOptions.MATRIX
                            : scenarios.stream().map(Scenario::of).toList())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        DemoCommand.quietLibraryLogs();
        SoakReport report = new Soak(options, out).run();
        out.println();
        out.print(report.render());
        out.flush();
        return report.exitCode();
    }
}
