package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.jvm.ChildEnvironment;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.poller.PollerCommand;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.RelayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone poller's runnable jar as built by {@code ./mvnw verify} (the poller module is packaged before this
 * module's tests run): it holds the relay and the poller but none of the local kit, it starts, and configured by
 * environment variables alone it relays from an SQS endpoint (here ElasticMQ) until SIGTERM stops it.
 */
class PollerJarTest {

    /** Set by system-tests/pom.xml. */
    private static final Path JAR = Path.of(System.getProperty("slackrelay.poller.jar",
            "../poller/target/slack-relay-poller.jar"));

    private static Path jar() {
        assertThat(JAR).as("%s is built by the poller module's package phase: run ./mvnw verify", JAR)
                .isRegularFile();
        return JAR;
    }

    @Test
    void holdsThePollerAndTheRelayButNothingOfTheLocalKit() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(jar().toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
        }

        assertThat(entries).contains("dev/slackrelay/poller/PollerCommand.class",
                "dev/slackrelay/poller/EventSourcePoller.class", "dev/slackrelay/relay/RelayHandler.class",
                "picocli/CommandLine.class");
        assertThat(entries).filteredOn(name -> name.startsWith("org/elasticmq/") || name.startsWith("org/apache/pekko/")
                || name.startsWith("scala/") || name.startsWith("dev/slackrelay/emulator/")
                || name.startsWith("dev/slackrelay/local/")).isEmpty();
    }

    /** Shaded with the Lambda jar's filters (the parent pom), plus picocli and the poller: the Lambda jar's + 1 MiB. */
    @Test
    void staysAsLeanAsTheLambdaJar() throws IOException {
        assertThat(Files.size(jar())).isLessThanOrEqualTo(17L * 1024 * 1024);
    }

    @Test
    void startsAsJavaDashJarAndAnswersHelpWithTheEnvironment() throws Exception {
        Result help = run("--help");

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).startsWith("Usage: slack-relay-poller").contains("Environment:",
                "SQS_QUEUE_URL, SQS_DLQ_URL", "SLACK_BOT_TOKEN", "MAX_CONCURRENCY", "AWS_ENDPOINT_URL_SQS",
                "Exit codes:");
    }

    @Test
    void answersVersionFromTheManifest() throws Exception {
        Result version = run("--version");

        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output().strip()).matches("slack-relay-poller \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void relaysFromAnySqsEndpointConfiguredByEnvironmentAloneAndStopsOnSigterm(@TempDir Path work) throws Exception {
        String token = "xoxb-poller-jar";
        try (SlackEmulator slack = SlackEmulator.builder().token(token).build().start();
             EmbeddedSqs sqs = EmbeddedSqs.builder().build().start();
             SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                     .sqsClient(sqs.client()).build()) {
            Map<String, String> env = new HashMap<>(sqs.clientEnvironment());
            env.putAll(RelayConfig.builder().queueUrl(sqs.queueUrl()).deadLetterQueueUrl(sqs.dlqUrl())
                    .slackBotToken(token).slackApiUrl(URI.create(slack.apiUrl())).build().toEnvironment());
            env.put(PollerCommand.MAX_CONCURRENCY, "2");
            Path output = work.resolve("poller.out");
            Process poller = ChildEnvironment.configure(new ProcessBuilder(java(), "-jar", jar().toString()), env)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                await(() -> read(output).contains("relay: polling"), poller, output);

                publisher.publish(SlackMessage.builder("C0POLLER1").title("Export finished").body("42 files").build());
                await(() -> slack.posts().size() == 1, poller, output);

                poller.destroy(); // SIGTERM, as Ctrl-C or an orchestrator stops it
                assertThat(poller.waitFor(60, TimeUnit.SECONDS)).as(read(output)).isTrue();
            } finally {
                poller.destroyForcibly();
            }
            assertThat(slack.posts().getFirst().payload().toString()).contains("Export finished");
            assertThat(read(output)).contains("relay: stopped").doesNotContain(token).doesNotContain("Exception");
        }
    }

    private static void await(BooleanSupplier condition, Process poller, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(poller.isAlive()).as("the poller exited: %s", read(output)).isTrue();
            assertThat(System.nanoTime()).as("gave up waiting: %s", read(output)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("poller-jar", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            return new Result(exit, Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
