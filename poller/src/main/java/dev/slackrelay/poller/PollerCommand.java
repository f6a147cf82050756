package dev.slackrelay.poller;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.slackrelay.poller.internal.StopSignal;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import dev.slackrelay.relay.SdkClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The standalone poller's entry point, {@code java -jar slack-relay-poller.jar}: polls an existing relay queue on any
 * SQS endpoint the way Lambda's event source would and runs the same handler, configured by the same environment
 * variables as the Lambda, until Ctrl-C / SIGTERM, then lets running posts finish and idle long polls run out (see
 * {@link EventSourcePoller#stop(Duration)}). The local jar's {@code relay} command is this command under another
 * name.
 *
 * <p>Not thread-safe: picocli fills one instance per run; {@link #awaitStarted(Duration)} and {@link #stop()} may be
 * called from another thread.
 */
@Command(name = "slack-relay-poller", mixinStandardHelpOptions = true, versionProvider = PollerCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {
                "Polls the relay's SQS FIFO queue and posts to Slack, like the Lambda function, until stopped "
                        + "(Ctrl-C / SIGTERM lets running posts finish and idle 20 s long polls run out).",
                "Configured by the Lambda's environment variables, plus MAX_CONCURRENCY and the AWS SDK's own."},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  SQS_QUEUE_URL, SQS_DLQ_URL       the relay queue and its dead-letter queue (required)",
                "  SLACK_BOT_TOKEN | SLACK_BOT_TOKEN_SECRET_ARN | SLACK_WEBHOOKS | SLACK_WEBHOOKS_SECRET_ARN",
                "                                   exactly one Slack credential",
                "  SLACK_API_URL                    e.g. http://127.0.0.1:9000/api/ for the emulator (default Slack)",
                "  CHANNEL_INTERVAL_MS, BACKOFF_CAP_SECONDS, MAX_RECEIVE_COUNT, SLACK_TIMEOUT_MS, METRICS_NAMESPACE,",
                "  METRICS_SERVICE                  as for the Lambda",
                "  MAX_CONCURRENCY                  concurrent posts, like the event source's MaximumConcurrency"
                        + " (default 5)",
                "  AWS_REGION, AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...",
                "                                   read by the AWS SDK as usual"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly; stopped by SIGTERM or Ctrl-C, the JVM exits 143 or 130 instead, clean or"
                        + " not, as any JVM (the last output line says which)",
                "1:SQS unreachable, or posts still running after the grace period",
                "2:usage or configuration error"})
public final class PollerCommand implements Callable<Integer> {

    /** The one variable the standalone poller reads beyond the relay's (see {@link RelayConfig#fromEnvironment()}). */
    public static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    static final int DEFAULT_MAX_CONCURRENCY = 5;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final Function<Map<String, String>, SqsClient> sqsClients;
    private final PrintStream out;
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile EventSourcePoller running;

    /**
     * As {@code main} runs it: the relay's variables come from {@code env}, the SQS client from the SDK's defaults,
     * which read the real environment; progress lines go to {@code out}.
     */
    public PollerCommand(Map<String, String> env, PrintStream out) {
        this(env, ignored -> SdkClients.sqs(), out);
    }

    /** For tests: the relay's variables come from {@code env}, the SQS client from {@code sqsClients}. */
    PollerCommand(Map<String, String> env, Function<Map<String, String>, SqsClient> sqsClients, PrintStream out) {
        this.env = Map.copyOf(env);
        this.sqsClients = Objects.requireNonNull(sqsClients, "sqsClients");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs the poller until SIGTERM; exits with the command's exit code (see {@code --help}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PollerCommand(System.getenv(), System.out)).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        RelayConfig config;
        int concurrency;
        try {
            config = RelayConfig.fromEnvironment(env);
            concurrency = maxConcurrency();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "relay: " + e.getMessage(), e);
        }
        Duration postGrace = config.slackTimeout().plus(config.channelInterval()).plusSeconds(5);
        try (SqsClient sqs = sqsClients.apply(env)) {
            String queueArn;
            try {
                queueArn = sqs.getQueueAttributes(r -> r.queueUrl(config.queueUrl())
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            } catch (SdkException e) {
                spec.commandLine().getErr().println("relay: cannot read the queue " + config.queueUrl() + ": "
                        + e.getMessage());
                return 1;
            }
            try (Relay relay = Relay.builder().config(config).sqsClient(sqs).build()) {
                EventSourcePoller poller = EventSourcePoller.builder().sqsClient(sqs).queueUrl(config.queueUrl())
                        .queueArn(queueArn).handler(new RelayHandler(relay)).maxConcurrency(concurrency)
                        .batchSize(config.messagesPerPost()).build();
                // idle workers let their long polls run out (up to 20 s) on stop; the grace covers that too
                Duration grace = postGrace.compareTo(poller.idleStopTime()) > 0 ? postGrace : poller.idleStopTime();
                try {
                    stop.installShutdownHook("relay", grace.plusSeconds(5));
                    poller.start();
                    out.println("relay: polling " + queueArn + " with " + concurrency + " workers; " + config);
                    out.flush();
                    running = poller;
                    started.countDown();
                    stop.await();
                    out.println("relay: stopping, letting running posts finish and idle long polls run out (up to "
                            + grace.toSeconds() + " s)");
                    boolean clean = poller.stop(grace);
                    out.println("relay: stopped " + (clean ? "cleanly" : "with posts still running") + "; "
                            + poller.stats());
                    out.flush();
                    return clean ? 0 : 1;
                } finally {
                    poller.stop(grace); // returns at once after the stop above; stops it on the way out otherwise
                }
            }
        } finally {
            stop.finished();
        }
    }

    private int maxConcurrency() {
        String value = env.get(MAX_CONCURRENCY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_CONCURRENCY;
        }
        try {
            int concurrency = Integer.parseInt(value.trim());
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException(MAX_CONCURRENCY + " must be 1..1000, not " + concurrency);
            }
            return concurrency;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_CONCURRENCY + " must be a whole number, not '" + value + "'");
        }
    }

    /** The running poller, once it polls; for tests. */
    EventSourcePoller awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? running : null;
    }

    /** Stops a running command, as Ctrl-C would. */
    void stop() {
        stop.request();
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PollerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"slack-relay-poller " + (version != null ? version : "(development build)")};
        }
    }
}
