package dev.slackrelay.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.SlackRelayPublisher;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PollerCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Stopping lets the idle workers' 20 s long polls run out. */
    private static final Duration STOP_PATIENCE = PATIENCE.plusSeconds(30);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new PollerCommand(env,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    /** Runs the command as {@code main} would, on another thread; its error output goes to {@link #err}. */
    private CompletableFuture<Integer> runInBackground(PollerCommand command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setErr(new PrintWriter(err, true));
        return CompletableFuture.supplyAsync(commandLine::execute);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void answersHelpWithTheEnvironmentAndExitCodeZero() {
        StringWriter help = new StringWriter();
        CommandLine commandLine = commandLine(Map.of());
        commandLine.setOut(new PrintWriter(help, true));

        int exit = commandLine.execute("--help");

        assertThat(exit).isZero();
        assertThat(help.toString()).startsWith("Usage: slack-relay-poller")
                .contains("Environment:", "SQS_QUEUE_URL, SQS_DLQ_URL", "MAX_CONCURRENCY", "Exit codes:");
    }

    @Test
    void answersVersionWithExitCodeZero() {
        StringWriter version = new StringWriter();
        CommandLine commandLine = commandLine(Map.of());
        commandLine.setOut(new PrintWriter(version, true));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(version.toString()).startsWith("slack-relay-poller ");
    }

    @Test
    void rejectsAnUnknownOptionWithExitCodeTwo() {
        assertThat(commandLine(Map.of()).execute("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void treatsAMissingRelayVariableAsAUsageError() {
        int exit = commandLine(Map.of("SQS_DLQ_URL", "http://127.0.0.1:1/q", "SLACK_BOT_TOKEN", "xoxb-1")).execute();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("SQS_QUEUE_URL is required");
    }

    @Test
    void treatsABadMaxConcurrencyAsAUsageError() {
        int exit = commandLine(Map.of("SQS_QUEUE_URL", "http://127.0.0.1:1/q", "SQS_DLQ_URL", "http://127.0.0.1:1/d",
                "SLACK_BOT_TOKEN", "xoxb-1", "MAX_CONCURRENCY", "0")).execute();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("MAX_CONCURRENCY must be 1..1000, not 0");
    }

    @Test
    void relaysAQueuedMessageToSlackWithItsConfigurationFromTheEnvironment() throws Exception {
        try (ElasticMqQueues sqs = ElasticMqQueues.start(Duration.ofSeconds(30), 5);
             SlackEmulator slack = SlackEmulator.builder().token("xoxb-relay-test").channels(Set.of("C1"))
                     .build().start()) {
            Map<String, String> env = Map.of(
                    "SQS_QUEUE_URL", sqs.queueUrl(),
                    "SQS_DLQ_URL", sqs.dlqUrl(),
                    "SLACK_BOT_TOKEN", "xoxb-relay-test",
                    "SLACK_API_URL", slack.apiUrl(),
                    "CHANNEL_INTERVAL_MS", "100",
                    "MAX_CONCURRENCY", "2");
            PollerCommand command = new PollerCommand(env, ignored -> sqs.newClient(),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = runInBackground(command);

            EventSourcePoller poller = command.awaitStarted(PATIENCE);
            assertThat(poller).as("started; stderr: %s", err).isNotNull();
            try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                    .sqsClient(sqs.client()).build()) {
                publisher.publish(SlackMessage.builder("C1").title("Export finished").body("42 files").build());
            }
            await(() -> !slack.posts().isEmpty());
            await(() -> poller.stats().deletes() == 1);

            command.stop();

            assertThat(exit.get(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
            assertThat(slack.posts()).singleElement().extracting(AcceptedPost::channel).isEqualTo("C1");
            assertThat(slack.posts().getFirst().text()).contains("Export finished");
            assertThat(output()).contains("relay: polling " + sqs.queueArn() + " with 2 workers",
                    "channelInterval=PT0.1S", "relay: stopped");
            assertThat(output()).doesNotContain("xoxb-relay-test");
            assertThat(poller.isRunning()).isFalse();
        }
    }

    @Test
    void treatsABadUrgentMaxConcurrencyAsAUsageError() {
        int exit = commandLine(Map.of("SQS_QUEUE_URL", "http://127.0.0.1:1/q", "SQS_DLQ_URL", "http://127.0.0.1:1/d",
                "SQS_URGENT_QUEUE_URL", "http://127.0.0.1:1/u", "SLACK_BOT_TOKEN", "xoxb-1",
                "URGENT_MAX_CONCURRENCY", "many")).execute();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("URGENT_MAX_CONCURRENCY must be a whole number, not 'many'");
    }

    @Test
    void pollsTheUrgentQueueWithWorkersOfItsOwnWhenItIsConfigured() throws Exception {
        try (ElasticMqQueues sqs = ElasticMqQueues.start(Duration.ofSeconds(30), 5);
             SlackEmulator slack = SlackEmulator.builder().token("xoxb-relay-test").channels(Set.of("C1"))
                     .build().start()) {
            String urgentUrl = sqs.createUrgentQueue();
            Map<String, String> env = Map.of(
                    "SQS_QUEUE_URL", sqs.queueUrl(),
                    "SQS_URGENT_QUEUE_URL", urgentUrl,
                    "SQS_DLQ_URL", sqs.dlqUrl(),
                    "SLACK_BOT_TOKEN", "xoxb-relay-test",
                    "SLACK_API_URL", slack.apiUrl(),
                    "CHANNEL_INTERVAL_MS", "100",
                    "MAX_CONCURRENCY", "1",
                    "URGENT_MAX_CONCURRENCY", "3");
            PollerCommand command = new PollerCommand(env, ignored -> sqs.newClient(),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> exit = runInBackground(command);

            EventSourcePoller poller = command.awaitStarted(PATIENCE);
            assertThat(poller).as("started; stderr: %s", err).isNotNull();
            EventSourcePoller urgent = command.urgentPoller();
            assertThat(urgent).isNotNull().isNotSameAs(poller);
            try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                    .urgentQueueUrl(urgentUrl).sqsClient(sqs.client()).build()) {
                publisher.publish(SlackMessage.builder("C1").title("Export finished").build());
                publisher.publish(SlackMessage.builder("C1").title("Disk full").priority(Priority.URGENT).build());
            }
            await(() -> slack.posts().size() == 2);
            await(() -> poller.stats().deletes() == 1 && urgent.stats().deletes() == 1);

            command.stop();

            assertThat(exit.get(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
            assertThat(output()).contains("relay: polling " + sqs.queueArnOf(urgentUrl) + " (urgent) with 3 workers",
                    "relay: polling " + sqs.queueArn() + " with 1 workers", "relay: stopped cleanly");
            assertThat(output().indexOf("(urgent) with 3 workers"))
                    .as("the urgent queue is polled first").isLessThan(output().indexOf(" with 1 workers"));
            assertThat(poller.isRunning()).isFalse();
            assertThat(urgent.isRunning()).isFalse();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }
}
