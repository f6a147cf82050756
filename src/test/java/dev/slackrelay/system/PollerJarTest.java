package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The standalone poller's runnable jar as built by {@code ./mvnw verify} (the poller module is packaged before this
 * module's tests run): it holds the relay and the poller but none of the local kit, and it starts.
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

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("poller-jar", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
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
