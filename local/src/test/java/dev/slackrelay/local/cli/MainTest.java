package dev.slackrelay.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.emulator.SlackEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = Main.commandLine(env, new PrintStream(out, true, StandardCharsets.UTF_8));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "relay", "serve", "slack-emulator", "soak"})
    void answersHelpWithExitCodeZero(String command) {
        StringWriter help = new StringWriter();
        CommandLine commandLine = commandLine(Map.of());
        commandLine.setOut(new PrintWriter(help, true));

        int exit = command.isEmpty() ? commandLine.execute("--help") : commandLine.execute(command, "--help");

        assertThat(exit).isZero();
        assertThat(help.toString()).startsWith("Usage: slack-relay-local" + (command.isEmpty() ? "" : " " + command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "relay", "serve", "slack-emulator", "soak"})
    void rejectsAnUnknownOptionWithExitCodeTwo(String command) {
        CommandLine commandLine = commandLine(Map.of());

        int exit = command.isEmpty() ? commandLine.execute("--no-such-option")
                : commandLine.execute(command, "--no-such-option");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void rejectsAMalformedOptionValueWithExitCodeTwo() {
        assertThat(commandLine(Map.of()).execute("demo", "--channels", "many")).isEqualTo(2);
        assertThat(commandLine(Map.of()).execute("demo", "--channels", "0")).isEqualTo(2);
        assertThat(commandLine(Map.of()).execute("slack-emulator", "--error-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("channels must be 1..50", "serverErrorRate must be within 0..1");
    }

    @Test
    void rejectsAnUnknownScenarioOrAnOutOfRangeSizeOfTheSoakWithExitCodeTwo() {
        assertThat(commandLine(Map.of()).execute("soak", "--scenario", "5xx,flood")).isEqualTo(2);
        assertThat(commandLine(Map.of()).execute("soak", "--scenario", "kill,kill")).isEqualTo(2);
        assertThat(commandLine(Map.of()).execute("soak", "--messages", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'flood'; known: 5xx, slow, drop, 429, dead-channels,"
                + " poison, kill, all", "a scenario is listed twice", "messages per channel must be 2..10000");
        assertThat(output()).as("nothing ran").isEmpty();
    }

    @Test
    void refusesARealSlackDemoWithoutAToken() {
        int exit = commandLine(Map.of()).execute("demo", "--slack-channel", "C0123456789");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--slack-channel needs a bot token in $SLACK_BOT_TOKEN");
    }

    @Test
    void treatsAMissingRelayVariableAsAUsageError() {
        int exit = commandLine(Map.of("SQS_DLQ_URL", "http://127.0.0.1:1/q", "SLACK_BOT_TOKEN", "xoxb-1"))
                .execute("relay");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("SQS_QUEUE_URL is required");
    }

    @Test
    void servesTheSlackEmulatorUntilStopped() throws Exception {
        SlackEmulatorCommand command = new SlackEmulatorCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = startInBackground(command, "--port", "0",
                "--token", "xoxb-cli", "--channel", "C1", "--rate", "5", "--webhook", "T1/B1/s=C1");

        SlackEmulator emulator = command.awaitStarted(PATIENCE);
        assertThat(emulator).isNotNull();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(emulator.apiUrl()
                        + "chat.postMessage")).header("Authorization", "Bearer xoxb-cli")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"C1\",\"text\":\"hello\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).contains("\"ok\":true");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(emulator.apiUrl()
                        + "chat.postMessage")).header("Authorization", "Bearer xoxb-cli")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"C2\",\"text\":\"hello\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.body()).contains("channel_not_found");
        assertThat(output()).contains("SLACK_API_URL=" + emulator.apiUrl(), "SLACK_BOT_TOKEN=xoxb-cli",
                "webhook to C1: " + emulator.baseUrl() + "/services/T1/B1/s");

        command.stop();

        assertThat(exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(output()).contains("1 posts accepted");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void givesTheSlackEmulatorAnAnswerLatencyWithJitter() throws Exception {
        SlackEmulatorCommand command = new SlackEmulatorCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = startInBackground(command, "--port", "0",
                "--latency-ms", "250", "--jitter-ms", "100", "--delay-ms", "20", "--seed", "9");

        SlackEmulator emulator = command.awaitStarted(PATIENCE);
        assertThat(emulator).isNotNull();
        assertThat(emulator.options().answerLatency())
                .isEqualTo(new AnswerLatency(Duration.ofMillis(250), Duration.ofMillis(100), 9));
        assertThat(emulator.options().faults().latency()).as("the network delay fault stays apart")
                .isEqualTo(Duration.ofMillis(20));
        assertThat(output()).contains("answers after 250 ± 100 ms");

        command.stop();
        assertThat(exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    /** Runs the command on another thread, as a terminal would run it until Ctrl-C; the future is its exit code. */
    private static CompletableFuture<Integer> startInBackground(SlackEmulatorCommand command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        return CompletableFuture.supplyAsync(() -> commandLine.execute(args));
    }
}
