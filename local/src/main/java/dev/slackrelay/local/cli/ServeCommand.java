package dev.slackrelay.local.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.serve.LocalService;
import dev.slackrelay.local.serve.ServeOptions;
import dev.slackrelay.local.serve.ServeOptions.Hook;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.poller.internal.StopSignal;
import dev.slackrelay.relay.RelayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the local twin as a service ({@link LocalService}) until Ctrl-C / SIGTERM, with a banner of the URLs
 * to use.
 *
 * <p>Not thread-safe: picocli fills one instance per run; {@link #awaitStarted(Duration)} and {@link #stop()} may be
 * called from another thread.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Runs slack-relay on this machine as a service until stopped (Ctrl-C): HTTP ingestion (POST "
                        + "/v1/messages with a bearer token, and Slack-compatible incoming webhooks POST /hooks/ID) in "
                        + "front of embedded SQS (ElasticMQ) with the template's queues and the relay behind the SQS "
                        + "event-source emulators, posting paced and in order to the built-in Slack emulator (GET "
                        + "/posts on it shows what arrived).",
                "With $" + RelayConfig.SLACK_BOT_TOKEN + " set it posts to Slack instead ($"
                        + RelayConfig.SLACK_API_URL + ", if set, replaces Slack's API, e.g. a separate "
                        + "slack-emulator).",
                "Point Grafana, Alertmanager or any Slack webhook client at a hook URL."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the HTTP ingestion; 0 picks a free one (default: ${DEFAULT-VALUE})")
    private int httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the HTTP ingestion listens on; 0.0.0.0 for every interface, which lets other "
                    + "machines post (default: ${DEFAULT-VALUE}, this machine only)")
    private String bind;

    @Option(names = "--hook", paramLabel = "ID=CHANNEL[,broadcasts]",
            description = "An incoming webhook POST /hooks/ID posting to CHANNEL (repeatable); ID is a secret of at "
                    + "least 20 characters; ',broadcasts' keeps <!channel>, <!here> and <!everyone> live. None given: "
                    + "one with a random ID for --channel")
    private List<String> hooks = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "CHANNEL", defaultValue = ServeOptions.DEFAULT_CHANNEL,
            description = "The channel of the random hook made when no --hook is given (default: ${DEFAULT-VALUE})")
    private String channel;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A bearer token POST /v1/messages accepts (repeatable). None given: a random one, printed")
    private List<String> tokens = new ArrayList<>();

    @Option(names = "--slack-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the built-in Slack emulator; 0 picks a free one (default: ${DEFAULT-VALUE})")
    private int slackPort;

    @Option(names = "--channel-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "The relay's CHANNEL_INTERVAL_MS: at most one post per channel per interval; the emulator "
                    + "allows as much (default: ${DEFAULT-VALUE}, Slack's limit)")
    private long channelIntervalMs;

    @Option(names = "--messages-per-post", paramLabel = "N", defaultValue = "1",
            description = "The relay's MESSAGES_PER_POST, 1-10: a channel's backlog folds into digests of up to N "
                    + "messages per post (default: ${DEFAULT-VALUE})")
    private int messagesPerPost;

    @Option(names = "--delivery-log", paramLabel = "FILE",
            description = "Write the relay's JSON delivery log (one line per handled message) to FILE")
    private Path deliveryLog;

    private final Map<String, String> env;
    private final PrintStream out;
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile LocalService running;

    /**
     * @param env the environment ({@code SLACK_BOT_TOKEN}, {@code SLACK_API_URL})
     * @param out where the banner goes
     */
    ServeCommand(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        ServeOptions options = options();
        DemoCommand.quietLibraryLogs();
        try (OutputStream log = deliveryLog == null ? null
                : new BufferedOutputStream(Files.newOutputStream(deliveryLog))) {
            return serve(options, log);
        }
    }

    private int serve(ServeOptions options, OutputStream log) throws InterruptedException {
        LocalService service;
        try {
            service = LocalService.start(options, log);
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + ": "
                    + e.getCause().getMessage(), e);
        }
        try {
            stop.installShutdownHook("serve", Duration.ofSeconds(30));
            printBanner(service);
            running = service;
            started.countDown();
            stop.await();
            out.println("serve: stopping (running posts finish; what is still queued is dropped with the embedded "
                    + "queues)");
            out.flush();
            return 0;
        } finally {
            service.close();
            stop.finished();
        }
    }

    private ServeOptions options() {
        try {
            ServeOptions.Builder builder = ServeOptions.builder().bind(address(bind)).httpPort(httpPort)
                    .defaultChannel(channel).slackPort(slackPort)
                    .channelInterval(Duration.ofMillis(channelIntervalMs)).messagesPerPost(messagesPerPost);
            tokens.forEach(builder::token);
            hooks.forEach(hook -> builder.hook(Hook.parse(hook)));
            String botToken = env.getOrDefault(RelayConfig.SLACK_BOT_TOKEN, "").trim();
            String apiUrl = env.getOrDefault(RelayConfig.SLACK_API_URL, "").trim();
            if (!botToken.isEmpty()) {
                builder.otherSlack(botToken, apiUrl.isEmpty() ? null
                        : URI.create(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/"));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address " + host, e);
        }
    }

    private void printBanner(LocalService service) {
        ServeOptions options = service.options();
        EmbeddedSqs sqs = service.pipeline().sqs();
        out.println("slack-relay serve: the relay on this machine, as a service");
        out.println();
        out.println("Messages (the relay's wire format, one or a JSON array of up to 100; answers 202 with ids):");
        out.println("  POST " + service.messagesUrl() + "   Authorization: Bearer "
                + (options.generatedToken() ? options.tokens().getFirst() : "<your --token>"));
        out.println("  curl -s " + service.messagesUrl() + " -H 'Authorization: Bearer "
                + (options.generatedToken() ? options.tokens().getFirst() : "<your --token>") + "' \\");
        out.println("       -H 'Content-Type: application/json' -d '{\"channel\":\"" + options.hooks().getFirst().channel()
                + "\",\"title\":\"Hello\",\"body\":\"from curl\"}'");
        out.println();
        out.println("Incoming webhooks (Slack-compatible: point Grafana, Alertmanager or any Slack webhook client at "
                + "them; keep the URL secret):");
        for (Hook hook : options.hooks()) {
            out.println("  " + hook.channel() + (hook.target().allowBroadcasts() ? " (broadcasts allowed)" : "") + ": "
                    + service.hookUrl(hook));
        }
        out.println("  curl -s " + service.hookUrl(options.hooks().getFirst())
                + " -H 'Content-Type: application/json' -d '{\"text\":\"Hello from a webhook\"}'");
        out.println();
        if (options.usesEmulator()) {
            SlackEmulator slack = service.pipeline().slack();
            out.println("Slack emulator: " + slack.baseUrl() + "   what arrived: " + slack.baseUrl() + "/posts"
                    + "   (one channel: " + slack.baseUrl() + "/posts?channel="
                    + URLEncoder.encode(options.hooks().getFirst().channel(), StandardCharsets.UTF_8) + ")");
        } else {
            out.println("Slack: " + (options.slackApiUrl() != null ? options.slackApiUrl()
                    : "Slack's API (real Slack)") + ", with $" + RelayConfig.SLACK_BOT_TOKEN
                    + "; the bot must be in each channel");
        }
        out.printf(Locale.ROOT, "Relay: one post per %d ms per channel, up to %d message%s per post; queues on "
                        + "ElasticMQ %s (%s, %s, %s)%n", options.channelInterval().toMillis(), options.messagesPerPost(),
                options.messagesPerPost() == 1 ? "" : "s", sqs.endpoint(), sqs.queueName(), sqs.urgentQueueName(),
                sqs.dlqName());
        out.println("Ctrl-C to stop.");
        out.flush();
    }

    /** The running service, once it listens; for tests. */
    LocalService awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? running : null;
    }

    /** Stops a running command, as Ctrl-C would. */
    void stop() {
        stop.request();
    }
}
