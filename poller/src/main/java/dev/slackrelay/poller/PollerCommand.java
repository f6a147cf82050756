package dev.slackrelay.poller;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>With {@code SQS_URGENT_QUEUE_URL} set it also polls the urgent queue, with workers of its own
 * ({@value #URGENT_MAX_CONCURRENCY}), as the template's second event source mapping does: an urgent message waits
 * neither behind the relay queue's backlog nor for workers busy with it.
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
                "  SQS_URGENT_QUEUE_URL             the urgent queue, polled by workers of its own (optional)",
                "  MAX_CONCURRENCY                  concurrent posts, like the event source's MaximumConcurrency"
                        + " (default 5)",
                "  URGENT_MAX_CONCURRENCY           concurrent posts from the urgent queue, like"
                        + " UrgentMaximumConcurrency (default 2)",
                "  AWS_REGION, AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...",
                "                                   read by the AWS SDK as usual"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly; stopped by SIGTERM or Ctrl-C, the JVM exits 143 or 130 instead, clean or"
                        + " not, as any JVM (the last output line says which)",
                "1:SQS unreachable, or posts still running after the grace period",
                "2:usage or configuration error"})
public final class PollerCommand implements Callable<Integer> {

    /** A variable the standalone poller reads beyond the relay's (see {@link RelayConfig#fromEnvironment()}). */
    public static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    /** The workers of the urgent queue, when {@code SQS_URGENT_QUEUE_URL} is set. */
    public static final String URGENT_MAX_CONCURRENCY = "URGENT_MAX_CONCURRENCY";
    static final int DEFAULT_MAX_CONCURRENCY = 5;
    static final int DEFAULT_URGENT_MAX_CONCURRENCY = 2;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final Function<Map<String, String>, SqsClient> sqsClients;
    private final PrintStream out;
    private final StopSignal stop = new StopSignal();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile EventSourcePoller running;
    private volatile EventSourcePoller runningUrgent;

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
        List<Lane> lanes = new ArrayList<>();
        try {
            config = RelayConfig.fromEnvironment(env);
            // urgent first: its workers start polling before the backlog's
            if (config.urgentQueueUrl() != null) {
                // one message per receive, as the template's urgent event source (BatchSize 1)
                lanes.add(new Lane("urgent ", config.urgentQueueUrl(),
                        concurrency(URGENT_MAX_CONCURRENCY, DEFAULT_URGENT_MAX_CONCURRENCY), 1));
            }
            lanes.add(new Lane("", config.queueUrl(), concurrency(MAX_CONCURRENCY, DEFAULT_MAX_CONCURRENCY),
                    config.messagesPerPost()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "relay: " + e.getMessage(), e);
        }
        Duration postGrace = config.slackTimeout().plus(config.channelInterval()).plusSeconds(5);
        try (SqsClient sqs = sqsClients.apply(env)) {
            List<String> queueArns = new ArrayList<>();
            for (Lane lane : lanes) {
                try {
                    queueArns.add(sqs.getQueueAttributes(r -> r.queueUrl(lane.queueUrl())
                                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                            .get(QueueAttributeName.QUEUE_ARN));
                } catch (SdkException e) {
                    spec.commandLine().getErr().println("relay: cannot read the " + lane.label() + "queue "
                            + lane.queueUrl() + ": " + e.getMessage());
                    return 1;
                }
            }
            try (Relay relay = Relay.builder().config(config).sqsClient(sqs).build()) {
                RelayHandler handler = new RelayHandler(relay);
                List<EventSourcePoller> pollers = new ArrayList<>();
                for (int i = 0; i < lanes.size(); i++) {
                    pollers.add(EventSourcePoller.builder().sqsClient(sqs).queueUrl(lanes.get(i).queueUrl())
                            .queueArn(queueArns.get(i)).handler(handler).maxConcurrency(lanes.get(i).concurrency())
                            .batchSize(lanes.get(i).batchSize()).build());
                }
                // idle workers let their long polls run out (up to 20 s) on stop; the grace covers that too
                Duration idle = pollers.getFirst().idleStopTime();
                Duration grace = postGrace.compareTo(idle) > 0 ? postGrace : idle;
                try {
                    stop.installShutdownHook("relay", grace.plusSeconds(5));
                    for (int i = 0; i < lanes.size(); i++) {
                        pollers.get(i).start();
                        out.println("relay: polling " + queueArns.get(i) + (lanes.get(i).label().isEmpty() ? ""
                                : " (urgent)") + " with " + lanes.get(i).concurrency() + " workers"
                                + (i == lanes.size() - 1 ? "; " + config : ""));
                    }
                    out.flush();
                    running = pollers.getLast();
                    runningUrgent = pollers.size() > 1 ? pollers.getFirst() : null;
                    started.countDown();
                    stop.await();
                    out.println("relay: stopping, letting running posts finish and idle long polls run out (up to "
                            + grace.toSeconds() + " s)");
                    boolean clean = stopAll(pollers, grace);
                    out.println("relay: stopped " + (clean ? "cleanly" : "with posts still running") + "; "
                            + pollers.getLast().stats()
                            + (pollers.size() > 1 ? "; urgent " + pollers.getFirst().stats() : ""));
                    out.flush();
                    return clean ? 0 : 1;
                } finally {
                    // returns at once after the stop above; stops them on the way out otherwise
                    stopAll(pollers, grace);
                }
            }
        } finally {
            stop.finished();
        }
    }

    /** One queue, its workers and their batch size: the relay queue, or the urgent queue ({@code label} "urgent "). */
    private record Lane(String label, String queueUrl, int concurrency, int batchSize) {
    }

    /** Stops every poller at once, so that stopping takes one grace period, not one per queue. */
    private static boolean stopAll(List<EventSourcePoller> pollers, Duration grace) throws InterruptedException {
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> stops = new ArrayList<>();
            for (EventSourcePoller poller : pollers) {
                stops.add(stopping.submit(() -> poller.stop(grace)));
            }
            boolean clean = true;
            for (Future<Boolean> stopped : stops) {
                try {
                    clean &= stopped.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("stopping a poller failed", e.getCause());
                }
            }
            return clean;
        }
    }

    private int concurrency(String variable, int fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int concurrency = Integer.parseInt(value.trim());
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException(variable + " must be 1..1000, not " + concurrency);
            }
            return concurrency;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number, not '" + value + "'");
        }
    }

    /** The running poller of the relay queue, once it polls; for tests. */
    EventSourcePoller awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? running : null;
    }

    /** The running poller of the urgent queue, once {@link #awaitStarted} returned; {@code null} if none. For tests. */
    EventSourcePoller urgentPoller() {
        return runningUrgent;
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
