package dev.slackrelay.publisher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.PublisherConfig;
import dev.slackrelay.publisher.RecordingS3Client;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class PublishCommandTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final RecordingS3Client s3 = new RecordingS3Client();

    @TempDir
    Path dir;

    @BeforeEach
    void newQueue() {
        queueUrl = SQS.createFifoQueue();
    }

    @Test
    void publishesTheMessageGivenByOptionsAndPrintsItsMessageId() {
        int exit = run("", "--queue-url", queueUrl, "--channel", "C0123456789", "--title", "Deploy finished",
                "--body", "42 tasks", "--text", "deploy ok", "--username", "deploy-bot", "--icon-emoji", ":rocket:",
                "--thread-ts", "1700000000.000100", "--mention", "U02ABCDEF", "--mention", "here", "--mrkdwn",
                "--block", "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"build 1234\"}]}",
                "--idempotency-key", "deploy-1234", "--producer", "ci");

        assertThat(exit).isZero();
        List<Message> queued = SQS.drain(queueUrl);
        assertThat(queued).hasSize(1);
        Message m = queued.get(0);
        assertThat(out.toString().strip()).isEqualTo(m.messageId());
        SlackMessage expected = SlackMessage.builder("C0123456789").title("Deploy finished").body("42 tasks")
                .text("deploy ok").username("deploy-bot").iconEmoji(":rocket:").threadTs("1700000000.000100")
                .mention("U02ABCDEF", "here").mrkdwn(true)
                .extraBlock("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"build 1234\"}]}")
                .build();
        assertThat(WireFormat.decode(m.body())).usingRecursiveComparison().isEqualTo(expected);
        assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "C0123456789")
                .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "deploy-1234");
        assertThat(m.messageAttributes().get("producer").stringValue()).isEqualTo("ci");
    }

    @Test
    void publishesThreadAndUpdateKeysAndEmailMentions() {
        int exit = run("", "--queue-url", queueUrl, "--channel", "C0123456789", "--body", "42 % done",
                "--thread-key", "job-42", "--reply-broadcast", "--mention", "alice@example.com");
        int second = run("", "--queue-url", queueUrl, "--channel", "C0123456789", "--title", "Job 42",
                "--body", "finished", "--update-key", "job-42-status");

        assertThat(exit).isZero();
        assertThat(second).isZero();
        List<SlackMessage> queued = SQS.drain(queueUrl).stream().map(m -> WireFormat.decode(m.body())).toList();
        assertThat(queued).hasSize(2);
        assertThat(queued.get(0).threadKey()).isEqualTo("job-42");
        assertThat(queued.get(0).replyBroadcast()).isTrue();
        assertThat(queued.get(0).mentions()).containsExactly("alice@example.com");
        assertThat(queued.get(1).updateKey()).isEqualTo("job-42-status");
        assertThat(queued.get(1).threadKey()).isNull();
    }

    @Test
    void takesTheQueueUrlFromSqsQueueUrlWhenNotGiven() {
        int exit = run(() -> PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", queueUrl)), "",
                "--channel", "C1", "--body", "hi");

        assertThat(exit).isZero();
        assertThat(SQS.drain(queueUrl)).hasSize(1);
    }

    @Test
    void rejectsAnInvalidMessageNamingTheFieldWithExitCodeOne() {
        int exit = run("", "--queue-url", queueUrl, "--channel", "C1", "--body", "x", "--mention", "@bob");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("mentions[0]");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void publishesJsonLinesFromStdinAndNamesEachBadLineAndField() {
        String stdin = String.join("\n",
                "{\"channel\":\"C1\",\"body\":\"one\"}",
                "",
                "{\"body\":\"no channel\"}",
                "{\"channel\":\"C2\",\"message\":\"two\"}",
                "not json",
                "   ",
                "{\"channel\":\"C1\",\"body\":\"three\",\"mentions\":[\"everyone\"]}",
                "{\"channel\":\"C1\",\"body\":\"four\"}") + "\n";

        int exit = run(stdin, "--queue-url", queueUrl, "--stdin");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "line 3: rejected: channel: is required",
                "line 5: rejected: (body): not valid JSON (Unrecognized token 'not': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false'))",
                "line 7: rejected: mentions[0]: must be a user ID (U…/W…), an e-mail address, here, channel or subteam^ID");
        assertThat(out.toString()).contains("sent 3, rejected 3, failed 0");
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body())
                .containsExactlyInAnyOrder("one", "two", "four");
    }

    @Test
    void readsStdinWithoutChannelAndExitsZeroWhenEveryLineIsQueued() {
        int exit = run("{\"channel\":\"C1\",\"body\":\"a\"}\n{\"channel\":\"C1\",\"body\":\"b\"}",
                "--queue-url", queueUrl, "--traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("sent 2, rejected 0, failed 0");
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body()).containsExactly("a", "b");
    }

    @Test
    void publishesWithPriorityUrgentToTheUrgentQueue() {
        String urgentQueueUrl = SQS.createFifoQueue();

        int exit = run("", "--queue-url", queueUrl, "--urgent-queue-url", urgentQueueUrl, "--channel", "C1",
                "--body", "disk full", "--priority", "urgent");

        assertThat(exit).isZero();
        assertThat(SQS.drain(queueUrl)).isEmpty();
        assertThat(SQS.drain(urgentQueueUrl)).singleElement()
                .satisfies(m -> assertThat(WireFormat.decode(m.body()).priority()).isEqualTo(Priority.URGENT));
    }

    @Test
    void takesTheUrgentQueueUrlFromSqsUrgentQueueUrlWhenNotGiven() {
        String urgentQueueUrl = SQS.createFifoQueue();

        int exit = run(() -> PublisherConfig.fromEnvironment(
                        Map.of("SQS_QUEUE_URL", queueUrl, "SQS_URGENT_QUEUE_URL", urgentQueueUrl)), "",
                "--channel", "C1", "--body", "disk full", "--priority", "urgent");

        assertThat(exit).isZero();
        assertThat(SQS.drain(urgentQueueUrl)).hasSize(1);
    }

    @Test
    void refusesPriorityUrgentWithoutAnUrgentQueueAsAUsageErrorNamingTheVariable() {
        assertThat(run("", "--queue-url", queueUrl, "--channel", "C1", "--body", "x", "--priority", "urgent"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--urgent-queue-url").contains("SQS_URGENT_QUEUE_URL");
        assertThat(run("", "--queue-url", queueUrl, "--channel", "C1", "--body", "x", "--priority", "high"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("priority must be normal or urgent");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void sendsNoLineWhenAnUrgentLineHasNoUrgentQueue() {
        int exit = run("{\"channel\":\"C1\",\"body\":\"a\"}\n{\"channel\":\"C1\",\"body\":\"b\",\"priority\":\"urgent\"}",
                "--queue-url", queueUrl);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("nothing sent").contains("SQS_URGENT_QUEUE_URL");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void reportsUsageErrorsWithExitCodeTwo() {
        Supplier<PublisherConfig> noEnvironment = () -> PublisherConfig.fromEnvironment(Map.of());

        assertThat(run(noEnvironment, "", "--channel", "C1", "--body", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--queue-url").contains("SQS_QUEUE_URL");
        assertThat(run("", "--queue-url", queueUrl, "--title", "no channel")).isEqualTo(2);
        assertThat(run("", "--queue-url", queueUrl, "--stdin", "--channel", "C1")).isEqualTo(2);
        assertThat(run("", "--queue-url", queueUrl.replace(".fifo", ""), "--channel", "C1", "--body", "x"))
                .isEqualTo(2);
        assertThat(run("", "--no-such-option")).isEqualTo(2);
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void publishesFilesGivenByPathAndByS3Reference() throws Exception {
        Path report = Files.writeString(dir.resolve("report.csv"), "a,b\n1,2\n");

        int exit = run("", "--queue-url", queueUrl, "--channel", "C0123456789", "--file", report.toString(),
                "--s3-file", "s3://relay-files/in/run 7/log.txt");

        assertThat(exit).as(err.toString()).isZero();
        List<Message> queued = SQS.drain(queueUrl);
        assertThat(queued).hasSize(1);
        assertThat(WireFormat.decode(queued.get(0).body()).files()).containsExactly(
                SlackFile.inline("report.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
                SlackFile.inS3("log.txt", "s3://relay-files/in/run 7/log.txt"));
        assertThat(s3.puts()).isEmpty();
    }

    @Test
    void uploadsAFileTooLargeForTheMessageToTheFilesBucketGiven() throws Exception {
        byte[] content = new byte[900 * 1024];
        content[1] = 9;
        Path big = Files.write(dir.resolve("big.bin"), content);

        int exit = run("", "--queue-url", queueUrl, "--files-bucket", "s3://relay-files/in/", "--channel", "C1",
                "--body", "the dump", "--file", big.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(s3.puts()).singleElement().satisfies(put -> {
            assertThat(put.content()).isEqualTo(content);
            assertThat(put.uri()).startsWith("s3://relay-files/in/").endsWith("/big.bin");
        });
        SlackFile queued = WireFormat.decode(SQS.drain(queueUrl).get(0).body()).files().get(0);
        assertThat(queued.s3()).isEqualTo(s3.puts().get(0).uri());
    }

    @Test
    void refusesAMissingFileAsBadInputAndQueuesNothing() {
        Path missing = dir.resolve("no-such-report.csv");

        int exit = run("", "--queue-url", queueUrl, "--channel", "C1", "--body", "x", "--file", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--file " + missing + ": no such file");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void refusesAnS3FileOutsideTheFilesBucketAndAMalformedFilesBucket() {
        int exit = run("", "--queue-url", queueUrl, "--files-bucket", "s3://relay-files/in/", "--channel", "C1",
                "--s3-file", "s3://other-bucket/x.txt");
        int malformed = run("", "--queue-url", queueUrl, "--files-bucket", "relay-files", "--channel", "C1",
                "--body", "x");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("files[0].s3").contains("s3://relay-files/in/");
        assertThat(malformed).isEqualTo(2);
        assertThat(err.toString()).contains("--files-bucket must be s3://bucket");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    private int run(String stdin, String... args) {
        return run(() -> {
            throw new AssertionError("the environment must not be read when --queue-url is given");
        }, stdin, args);
    }

    private int run(Supplier<PublisherConfig> environment, String stdin, String... args) {
        PublishCommand command = new PublishCommand(
                config -> SlackRelayPublisher.builder().config(config).sqsClient(SQS.client()).s3Client(s3).build(),
                environment, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
