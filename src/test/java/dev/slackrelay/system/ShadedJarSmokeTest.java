package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.jvm.ChildEnvironment;
import dev.slackrelay.local.jvm.DriverJar;
import dev.slackrelay.local.s3.EmbeddedS3;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.DeliveryLog;
import dev.slackrelay.secrets.SecretsManagerStub;
import dev.slackrelay.system.lambda.SampleEventDriver;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployable jar run the way Lambda runs it, so that a shade filter can never drop a class the relay needs: a JVM
 * of its own whose class path is only {@code relay-function/target/slack-relay-function.jar}, the Lambda runtime's
 * event deserializer and a small driver ({@link SampleEventDriver}), configured by environment variables alone. It
 * handles every SQS sample event of {@code events/} against the Slack emulator, embedded SQS and a Secrets Manager stub
 * that holds the bot token (the deployed configuration reads it from there).
 *
 * <p>The sample events carry made-up receipt handles and a made-up queue ARN: that is harmless as long as nothing is
 * retried, because the relay touches the source queue only to change a retried message's visibility.
 */
class ShadedJarSmokeTest {

    private static final String TOKEN = "xoxb-shaded-jar-smoke";
    private static final JsonMapper JSON = new JsonMapper();

    /** One record of a sample event file. */
    private record SampleRecord(String file, String messageId, String channel, String body, boolean wellFormed) {
    }

    /** What the child JVM did. */
    private record ChildRun(int exit, String stdout, String stderr) {
    }

    /**
     * The goal the shade filters serve (issue 8: 12 MiB), plus Caffeine's 0.4 MB for the look-up caches of threads,
     * updates and e-mail mentions (issue 11); a filter that stops applying shows here first.
     */
    @Test
    void theDeployableJarStaysWithinSixteenMiB() throws IOException {
        Path functionJar = Path.of(System.getProperty("slackrelay.functionJar"));

        assertThat(Files.size(functionJar)).as(functionJar.toString()).isLessThanOrEqualTo(16L * 1024 * 1024);
    }

    @Test
    void handlesEverySampleEventOnTheShadedJarInAJvmOfItsOwn(@TempDir Path work) throws Exception {
        List<Path> eventFiles = eventFiles();
        List<SampleRecord> records = records(eventFiles);
        assertThat(records).anyMatch(SampleRecord::wellFormed).anyMatch(r -> !r.wellFormed());

        // burst 2: two sample events post to one channel an interval apart, paced from when the first left; a cold
        // emulator that counts the first late must not turn this class-path test into a pacing test (those are in
        // RelayPipelineTest and DigestPipelineTest)
        try (SlackEmulator slack = SlackEmulator.builder().token(TOKEN).burst(2).build().start();
             EmbeddedSqs sqs = EmbeddedSqs.builder().build().start();
             SecretsManagerStub secrets = new SecretsManagerStub("{\"token\":\"" + TOKEN + "\"}")) {
            ChildRun run = runShadedJar(work, sqs, slack, Map.of("MESSAGES_PER_POST", "10",
                    "SLACK_BOT_TOKEN_SECRET_ARN", SecretsManagerStub.ARN,
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString()), eventFiles);

            assertThat(run.exit()).as("exit status; its error output:%n%s", run.stderr()).isZero();
            assertThat(run.stdout().lines().filter(l -> l.startsWith(SampleEventDriver.PREFIX)))
                    .as("one result per event file, none with a batch item failure; its output:%n%s", run.stdout())
                    .containsExactlyElementsOf(eventFiles.stream()
                            .map(f -> SampleEventDriver.PREFIX + " " + f.getFileName() + " failures=0").toList());

            List<SampleRecord> wellFormed = records.stream().filter(SampleRecord::wellFormed).toList();
            List<SampleRecord> malformed = records.stream().filter(r -> !r.wellFormed()).toList();
            // a sample batch of one channel's backlog goes out as one digest: one post per distinct ts
            List<DeliveryLog.Entry> delivered = deliveryLog(run).stream()
                    .filter(e -> e.outcome() == DeliveryLog.Outcome.DELIVERED).toList();
            assertThat(delivered).hasSameSizeAs(wellFormed);
            assertThat(slack.posts()).filteredOn(p -> p.source() == AcceptedPost.Source.API)
                    .hasSize((int) delivered.stream().map(DeliveryLog.Entry::ts).distinct().count())
                    .hasSizeLessThan(wellFormed.size());
            assertThat(delivered).anySatisfy(e -> assertThat(e.postSize()).isGreaterThan(1));
            for (SampleRecord record : wellFormed) {
                JsonNode body = JSON.readTree(record.body());
                String title = body.path("title").asText(body.path("message").asText());
                assertThat(slack.posts(record.channel())).as(record.file())
                        .anySatisfy(p -> assertThat(p.payload().toString()).contains(title));
            }
            assertThat(slack.posts()).filteredOn(p -> p.payload().hasNonNull("thread_ts")).isNotEmpty();
            // the files sample: its file uploaded into its post's thread, by the SDK's upload helper kept in the jar
            assertThat(slack.files()).singleElement().satisfies(f -> {
                assertThat(f.filename()).isEqualTo("export-report.csv");
                assertThat(f.title()).isEqualTo("Export report");
                assertThat(f.threadTs()).isEqualTo(slack.messages("C0REPORTS01").getFirst().ts());
            });

            List<Message> deadLetters = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl())
                    .maxNumberOfMessages(10).messageAttributeNames("All").waitTimeSeconds(1)).messages();
            assertThat(deadLetters).hasSameSizeAs(malformed);
            for (SampleRecord record : malformed) {
                assertThat(deadLetters).anySatisfy(dead -> {
                    assertThat(dead.body()).isEqualTo(record.body());
                    assertThat(dead.messageAttributes().get("sourceMessageId").stringValue())
                            .isEqualTo(record.messageId());
                    assertThat(dead.messageAttributes().get("reason").stringValue()).startsWith("invalid_message");
                });
            }

            assertThat(deliveryLog(run)).extracting(DeliveryLog.Entry::outcome)
                    .containsOnly(DeliveryLog.Outcome.DELIVERED, DeliveryLog.Outcome.DEAD_LETTERED)
                    .hasSize(records.size());
            assertThat(secrets.reads()).as("the token is read once and cached").isEqualTo(1);
            assertThat(run.stdout() + run.stderr()).doesNotContain(TOKEN);
        }
    }

    @Test
    void uploadsAFileItReadsFromS3OnTheShadedJar(@TempDir Path work) throws Exception {
        Path sample = eventFiles().stream().filter(f -> f.getFileName().toString().equals("sqs-files-message.json"))
                .findFirst().orElseThrow();
        ObjectNode sampleEvent = (ObjectNode) JSON.readTree(sample.toFile());
        ObjectNode record = (ObjectNode) sampleEvent.path("Records").get(0);
        ObjectNode body = (ObjectNode) JSON.readTree(record.path("body").asText());
        body.putArray("files").addObject().put("name", "rows.csv").put("s3", "s3://relay-files/slack/rows.csv");
        record.put("body", body.toString());
        // and one whose object is not there: S3's error, read through the same jar, makes a reasoned dead letter
        ObjectNode missing = record.deepCopy().put("messageId", "0b7e5a8c-3d2f-4e1a-9c6b-missing00001");
        body.putArray("files").addObject().put("name", "gone.csv").put("s3", "s3://relay-files/slack/gone.csv");
        missing.put("body", body.toString());
        ((ArrayNode) sampleEvent.path("Records")).add(missing);
        Path event = work.resolve("sqs-s3-file.json");
        JSON.writeValue(event.toFile(), sampleEvent);
        byte[] content = "day,rows\n2026-11-30,1198007\n".getBytes(StandardCharsets.UTF_8);

        try (SlackEmulator slack = SlackEmulator.builder().token(TOKEN).build().start();
             EmbeddedSqs sqs = EmbeddedSqs.builder().build().start();
             EmbeddedS3 s3 = EmbeddedS3.create().start(); S3Client client = s3.newClient()) {
            s3.createBucket("relay-files");
            client.putObject(r -> r.bucket("relay-files").key("slack/rows.csv"), RequestBody.fromBytes(content));
            // the relay's own S3 client, as Lambda builds it: the endpoint from the SDK's variable, nothing else
            ChildRun run = runShadedJar(work, sqs, slack, Map.of("SLACK_BOT_TOKEN", TOKEN,
                    "FILES_S3_BUCKET", "relay-files", "FILES_S3_PREFIX", "slack/",
                    "AWS_ENDPOINT_URL_S3", s3.endpoint().toString()), List.of(event));

            assertThat(run.exit()).as("exit status; its error output:%n%s", run.stderr()).isZero();
            assertThat(slack.files()).as("stdout:%n%s", run.stdout()).singleElement().satisfies(f -> {
                assertThat(f.filename()).isEqualTo("rows.csv");
                assertThat(f.content()).isEqualTo(content);
            });
            assertThat(deliveryLog(run)).extracting(DeliveryLog.Entry::outcome)
                    .containsExactly(DeliveryLog.Outcome.DELIVERED, DeliveryLog.Outcome.DEAD_LETTERED);
            List<Message> deadLetters = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl())
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
            assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(
                    dead.messageAttributes().get("reason").stringValue()).startsWith("file_unreadable: gone.csv")
                    .contains("404"));
        }
    }

    @Test
    void postsThroughAnIncomingWebhookOnTheShadedJar(@TempDir Path work) throws Exception {
        Path event = eventFiles().stream().filter(f -> f.getFileName().toString().equals("sqs-message.json"))
                .findFirst().orElseThrow();
        SampleRecord record = records(List.of(event)).getFirst();

        try (SlackEmulator slack = SlackEmulator.builder().token(TOKEN)
                .webhook("T0SMOKE/B0SMOKE/hook-secret", record.channel()).build().start();
             EmbeddedSqs sqs = EmbeddedSqs.builder().build().start()) {
            String webhooks = JSON.createObjectNode()
                    .put(record.channel(), slack.webhookUrl("T0SMOKE/B0SMOKE/hook-secret")).toString();
            ChildRun run = runShadedJar(work, sqs, slack, Map.of("SLACK_WEBHOOKS", webhooks), List.of(event));

            assertThat(run.exit()).as("exit status; its error output:%n%s", run.stderr()).isZero();
            assertThat(slack.posts(record.channel())).singleElement()
                    .satisfies(p -> assertThat(p.source()).isEqualTo(AcceptedPost.Source.WEBHOOK));
            assertThat(deliveryLog(run)).extracting(DeliveryLog.Entry::outcome)
                    .containsExactly(DeliveryLog.Outcome.DELIVERED);
            assertThat(run.stdout() + run.stderr()).doesNotContain("hook-secret");
        }
    }

    /**
     * Runs {@link SampleEventDriver} on the shaded jar with Lambda's environment for the emulators (plus
     * {@code slackEnv}: how it authenticates to Slack) and the given event files.
     */
    private static ChildRun runShadedJar(Path work, EmbeddedSqs sqs, SlackEmulator slack,
                                         Map<String, String> slackEnv, List<Path> eventFiles) throws Exception {
        Path functionJar = Path.of(System.getProperty("slackrelay.functionJar"));
        assertThat(functionJar).as("built by `package` in relay-function").isRegularFile();
        Path driverJar = work.resolve("driver.jar");
        DriverJar.write(driverJar, SampleEventDriver.class);
        String classPath = String.join(File.pathSeparator, functionJar.toString(),
                jarOf("com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers"),
                jarOf("org.joda.time.DateTime"), driverJar.toString());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, SampleEventDriver.class.getName()));
        eventFiles.forEach(f -> command.add(f.toString()));
        Map<String, String> env = new HashMap<>(sqs.clientEnvironment());
        env.putAll(Map.of("SQS_QUEUE_URL", sqs.queueUrl(), "SQS_DLQ_URL", sqs.dlqUrl(), "SLACK_API_URL", slack.apiUrl()));
        env.putAll(slackEnv);
        ProcessBuilder builder = ChildEnvironment.configure(new ProcessBuilder(command), env);
        Path stderr = work.resolve("stderr.txt");
        builder.redirectError(stderr.toFile());

        Process child = builder.start();
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = child.waitFor();
        return new ChildRun(exit, stdout, Files.readString(stderr));
    }

    private static List<DeliveryLog.Entry> deliveryLog(ChildRun run) {
        return run.stdout().lines().map(DeliveryLog::parse).flatMap(Optional::stream)
                .map(DeliveryLog.Recorded::entry).toList();
    }

    private static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("slackrelay.events")))) {
            // the relay's SQS events; the sns-*.json events are the alarm function's (ingest-function tests them)
            return files.filter(f -> f.getFileName().toString().startsWith("sqs-") && f.toString().endsWith(".json"))
                    .sorted().toList();
        }
    }

    private static List<SampleRecord> records(List<Path> files) throws IOException {
        List<SampleRecord> out = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode record : JSON.readTree(file.toFile()).path("Records")) {
                String body = record.path("body").asText();
                out.add(new SampleRecord(file.getFileName().toString(), record.path("messageId").asText(),
                        record.path("attributes").path("MessageGroupId").asText(), body, decodes(body)));
            }
        }
        return out;
    }

    private static boolean decodes(String body) {
        try {
            WireFormat.decode(body);
            return true;
        } catch (InvalidMessageException e) {
            return false;
        }
    }

    private static String jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
