package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.MethodRate;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.emulator.UploadedFile;
import dev.slackrelay.local.pipeline.DeadLetter;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Files end to end: publisher → ElasticMQ → event-source emulator → relay → S3 (moto_server when installed, else the
 * local kit's embedded S3) and the Slack emulator's external upload flow over HTTP, driven by the real Slack SDK.
 */
class FilesPipelineTest {

    private static final String TOKEN = "xoxb-files-test";
    private static final String BUCKET = "relay-files";
    private static final String PREFIX = "slack/";
    private static final Duration INTERVAL = Duration.ofMillis(200);

    static List<TestS3.Backend> backends() {
        return TestS3.available();
    }

    private static SlackEmulator emulator(SlackEmulator.Builder builder) {
        return builder.token(TOKEN).ratePerSecond(10).burst(2).build().start();
    }

    private static LocalPipeline.Builder pipeline(SlackEmulator slack) {
        return LocalPipeline.builder().noEmulator().concurrency(2)
                .relay(r -> r.slackBotToken(TOKEN).slackApiUrl(URI.create(slack.apiUrl())).channelInterval(INTERVAL)
                        .backoffBase(Duration.ofMillis(200)));
    }

    private static void sendRaw(LocalPipeline p, String body) {
        p.sqs().client().sendMessage(r -> r.queueUrl(p.sqs().queueUrl()).messageBody(body).messageGroupId("C1")
                .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    private static void settle(LocalPipeline p, java.util.function.BooleanSupplier done) throws InterruptedException {
        assertThat(p.awaitSettled(Duration.ofSeconds(60), done, () -> { })).as("settled").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void inlineAndOffloadedFilesArriveInTheThreadOfTheirMessageByteForByte(TestS3.Backend backend) throws Exception {
        byte[] dump = new byte[900 * 1024];
        new Random(11).nextBytes(dump);
        byte[] csv = "day,rows\n2026-11-29,1204311\n".getBytes(StandardCharsets.UTF_8);
        try (TestS3 s3 = TestS3.start(backend); SlackEmulator slack = emulator(SlackEmulator.builder());
             LocalPipeline p = pipeline(slack).filesBucket(BUCKET, PREFIX).s3(s3::newClient).start()) {
            p.startRelay();
            p.publisher().publish(SlackMessage.builder("C1").title("Nightly export").body("2 files")
                    .file(SlackFile.inline("dump.bin", dump)).file(SlackFile.inline("rows.csv", csv).withTitle("Rows"))
                    .build());
            // a file the producer put in the bucket itself, named by reference, alone in a thread
            String key = PREFIX + "reports/summary.txt";
            p.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("all good"));
            p.publisher().publish(SlackMessage.builder("C1").threadTs("1700000000.000100")
                    .file(SlackFile.inS3("summary.txt", "s3://" + BUCKET + "/" + key)).build());
            p.publisher().publish(SlackMessage.builder("C1").body("after the files").build());

            settle(p, () -> slack.files().size() >= 3 && slack.messages("C1").size() >= 2);

            assertThat(p.deadLetters().drained()).isEmpty();
            List<ChannelMessage> topLevel = slack.messages("C1").stream().filter(m -> !m.isReply()).toList();
            assertThat(topLevel).extracting(ChannelMessage::text)
                    .satisfiesExactly(t -> assertThat(t).contains("Nightly export"),
                            t -> assertThat(t).contains("after the files"));
            List<UploadedFile> files = slack.files();
            assertThat(files).extracting(UploadedFile::filename).containsExactly("dump.bin", "rows.csv", "summary.txt");
            assertThat(files.get(0).content()).isEqualTo(dump);
            assertThat(files.get(1).content()).isEqualTo(csv);
            assertThat(files.get(1).title()).isEqualTo("Rows");
            assertThat(files.subList(0, 2)).allSatisfy(f -> assertThat(f.threadTs()).isEqualTo(topLevel.get(0).ts()));
            assertThat(new String(files.get(2).content(), StandardCharsets.UTF_8)).isEqualTo("all good");
            assertThat(files.get(2).threadTs()).isEqualTo("1700000000.000100");
            // the message's post, its upload, the files-only upload, the last post: four turns of one channel, in order
            assertThat(files.get(0).completed()).isBefore(files.get(2).completed());
            assertThat(slack.messages("C1").getLast().text()).contains("after the files");
        }
    }

    @Test
    void badFilesAreRefusedAtThePublisherAndDeadLetteredWithTheReasonAtTheRelayWhileTheChannelMovesOn()
            throws Exception {
        try (SlackEmulator slack = emulator(SlackEmulator.builder());
             LocalPipeline p = pipeline(slack).filesBucket(BUCKET, PREFIX).start()) {
            assertThatThrownBy(() -> p.publisher().publish(SlackMessage.builder("C1")
                    .file(new SlackFile("a.csv", null, "not base64!", null)).build()))
                    .isInstanceOf(InvalidMessageException.class).hasMessageContaining("files[0].content_base64");
            assertThatThrownBy(() -> p.publisher().publish(SlackMessage.builder("C1")
                    .file(SlackFile.inS3("x.csv", "s3://other-bucket/slack/x.csv")).build()))
                    .isInstanceOf(InvalidMessageException.class).hasMessageContaining("s3://" + BUCKET + "/" + PREFIX);

            // producers that bypass the publisher: the relay refuses the same, with a reason, and nothing blocks C1
            String bigInline = Base64.getEncoder().encodeToString(new byte[720 * 1024]);
            sendRaw(p, "{\"channel\":\"C1\",\"body\":\"b1\",\"files\":[{\"name\":\"a.csv\",\"content_base64\":\"not base64!\"}]}");
            sendRaw(p, "{\"channel\":\"C1\",\"body\":\"b2\",\"files\":[{\"name\":\"big.bin\",\"content_base64\":\"" + bigInline + "\"}]}");
            sendRaw(p, "{\"channel\":\"C1\",\"body\":\"b3\",\"files\":[{\"name\":\"x.csv\",\"s3\":\"s3://other-bucket/slack/x.csv\"}]}");
            sendRaw(p, "{\"channel\":\"C1\",\"body\":\"b4\",\"files\":[{\"name\":\"gone.csv\",\"s3\":\"s3://" + BUCKET + "/" + PREFIX + "gone.csv\"}]}");
            p.publisher().publish(SlackMessage.builder("C1").body("still delivered").build());
            p.startRelay();

            settle(p, () -> p.deadLetters().all().size() >= 4 && !slack.messages("C1").isEmpty());

            assertThat(p.deadLetters().drained()).extracting(DeadLetter::reason).satisfiesExactly(
                    r -> assertThat(r).startsWith("invalid_message").contains("files[0].content_base64"),
                    r -> assertThat(r).startsWith("invalid_message").contains("big.bin").contains("s3://bucket/key"),
                    r -> assertThat(r).startsWith("file_unreadable").contains("outside the relay's files"),
                    r -> assertThat(r).startsWith("file_unreadable").contains("gone.csv").contains("404"));
            assertThat(slack.messages("C1")).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("still delivered"));
            assertThat(slack.files()).isEmpty();
        }
    }

    @Test
    void filesSlackRateLimitsAfterThePostFollowInItsThreadAndThePostIsNeverRepeated() throws Exception {
        // one file share every 3 s: the second message's files meet a 429 after its post
        try (SlackEmulator slack = emulator(SlackEmulator.builder()
                .methodRate("files.completeUploadExternal", new MethodRate(20, 1)));
             LocalPipeline p = pipeline(slack).start()) {
            p.startRelay();
            for (int i = 1; i <= 2; i++) {
                p.publisher().publish(SlackMessage.builder("C1").body("report " + i)
                        .file(SlackFile.inline("report-" + i + ".csv", ("n\n" + i + "\n").getBytes(StandardCharsets.UTF_8)))
                        .build());
            }
            p.publisher().publish(SlackMessage.builder("C1").body("last").build());

            settle(p, () -> slack.files().size() >= 2);

            List<ChannelMessage> topLevel = slack.messages("C1").stream().filter(m -> !m.isReply()).toList();
            assertThat(topLevel).extracting(ChannelMessage::text).satisfiesExactly(
                    t -> assertThat(t).contains("report 1"), t -> assertThat(t).contains("report 2"),
                    t -> assertThat(t).contains("last"));
            assertThat(slack.files()).extracting(UploadedFile::filename).containsExactly("report-1.csv", "report-2.csv");
            assertThat(slack.files().get(1).threadTs()).isEqualTo(topLevel.get(1).ts());
            assertThat(slack.stats().method("files.completeUploadExternal").rateLimited()).isPositive();
            assertThat(p.deadLetters().drained()).isEmpty();
        }
    }
}
