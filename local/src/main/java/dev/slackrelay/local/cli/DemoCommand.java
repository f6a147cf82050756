package dev.slackrelay.local.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.slackrelay.local.demo.Demo;
import dev.slackrelay.local.demo.DemoOptions;
import dev.slackrelay.local.demo.DemoReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: runs {@link Demo} and prints its report. Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Runs the whole pipeline in this process - Slack emulator, embedded SQS (ElasticMQ) with the "
                        + "template's queues, the relay behind an SQS event-source emulator - and lets many batch "
                        + "tasks publish a burst through the publisher library, some of it bad on purpose.",
                "Ends with a report: per channel delivered, rate against Slack's limit, 429s, order; what was "
                        + "dead-lettered and why; what the publisher rejected; and lost (must be 0).",
                "With SLACK_BOT_TOKEN set and --slack-channel, posts a handful of messages to real Slack instead."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing lost, every channel in order", "1:something lost or out of order",
                "2:usage error"})
final class DemoCommand implements Callable<Integer> {

    static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    static final String SLACK_API_URL = "SLACK_API_URL";

    @Spec
    private CommandSpec spec;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "5",
            description = "Channels to publish to (default: ${DEFAULT-VALUE})")
    private int channels;

    @Option(names = "--messages", paramLabel = "N",
            description = "Numbered messages per channel (default: 60; 5 to real Slack)")
    private Integer messages;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "5",
            description = "Relay workers, like the event source's MaximumConcurrency (default: ${DEFAULT-VALUE})")
    private int concurrency;

    @Option(names = "--faults", description = "The emulator answers 5%% of posts with 5xx and adds 40 ms latency")
    private boolean faults;

    @Option(names = "--channel-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "The relay's CHANNEL_INTERVAL_MS (default: ${DEFAULT-VALUE})")
    private long channelIntervalMs;

    @Option(names = "--messages-per-post", paramLabel = "N", defaultValue = "1",
            description = "The relay's MESSAGES_PER_POST, 1-10: a channel's backlog folds into digests of up to N "
                    + "messages per post (default: ${DEFAULT-VALUE}, one post per message)")
    private int messagesPerPost;

    @Option(names = "--invalid", paramLabel = "N", defaultValue = "3",
            description = "Invalid messages, rejected by the publisher (default: ${DEFAULT-VALUE})")
    private int invalid;

    @Option(names = "--unknown-channel", paramLabel = "N", defaultValue = "2",
            description = "Messages to a channel Slack does not know, dead-lettered (default: ${DEFAULT-VALUE})")
    private int unknownChannel;

    @Option(names = "--poison", paramLabel = "N", defaultValue = "1",
            description = "Malformed bodies a foreign producer sends straight to SQS, dead-lettered (default: "
                    + "${DEFAULT-VALUE})")
    private int poison;

    @Option(names = "--urgent-messages", paramLabel = "N", defaultValue = "1",
            description = "Urgent messages to the first channel in the middle of its burst (one: once half its "
                    + "numbered messages are queued); they travel on the urgent queue and overtake its backlog; 0 for "
                    + "none (default: ${DEFAULT-VALUE})")
    private int urgentMessages;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Batch jobs in #deploys, each a status message edited by update_key (started, then "
                    + "finished) and a thread of progress replies by thread_key, the last with the job's CSV "
                    + "report attached; 0 for none; not with "
                    + "--slack-channel (default: ${DEFAULT-VALUE})")
    private int jobs;

    @Option(names = "--timeout-seconds", paramLabel = "S",
            description = "Give up waiting after this long (default: generous, from the message count)")
    private Long timeoutSeconds;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "AUTO (a bar on a terminal, else lines), LINES or NONE (default: ${DEFAULT-VALUE})")
    private DemoOptions.Progress progress;

    @Option(names = "--delivery-log", paramLabel = "FILE",
            description = "Write the relay's JSON delivery log (one line per handled message) to FILE")
    private Path deliveryLog;

    @Option(names = "--slack-channel", paramLabel = "CHANNEL",
            description = "Post to this real Slack channel (C...) with $" + SLACK_BOT_TOKEN + " instead of the "
                    + "emulator; the bot must be in the channel. $" + SLACK_API_URL + ", if set, replaces Slack's "
                    + "API (e.g. a separate slack-emulator)")
    private String slackChannel;

    private final Map<String, String> env;
    private final PrintStream out;

    DemoCommand(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoOptions options = options();
        quietLibraryLogs();
        DemoReport report = new Demo(options, out).run();
        out.println();
        out.print(report.render());
        out.flush();
        return report.exitCode();
    }

    private DemoOptions options() {
        try {
            DemoOptions.Builder builder = DemoOptions.builder().channels(channels).concurrency(concurrency)
                    .faults(faults).channelInterval(Duration.ofMillis(channelIntervalMs))
                    .messagesPerPost(messagesPerPost).invalidMessages(invalid)
                    .unknownChannelMessages(unknownChannel).poisonMessages(poison).urgentMessages(urgentMessages)
                    .jobs(jobs)
                    .progress(progress).deliveryLog(deliveryLog);
            if (slackChannel != null) {
                String token = env.get(SLACK_BOT_TOKEN);
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("--slack-channel needs a bot token in $" + SLACK_BOT_TOKEN);
                }
                builder.realSlack(token.trim(), slackChannel);
                String apiUrl = env.getOrDefault(SLACK_API_URL, "").trim();
                if (!apiUrl.isEmpty()) {
                    builder.slackApiUrl(URI.create(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/"));
                }
                if (faults) {
                    throw new IllegalArgumentException("--faults is for the emulator, not for real Slack");
                }
            }
            builder.messagesPerChannel(messages != null ? messages : slackChannel != null ? 5 : 60);
            if (timeoutSeconds != null) {
                builder.timeout(Duration.ofSeconds(timeoutSeconds));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The demo draws on the terminal; the libraries' and the components' start-up INFO lines would only scatter it.
     * Takes effect only if nothing has logged yet (slf4j-simple reads its settings once).
     */
    static void quietLibraryLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.slackrelay") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.slackrelay", "warn");
        }
    }
}
