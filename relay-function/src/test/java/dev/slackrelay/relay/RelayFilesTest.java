package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slackrelay.queue.DeadLetterAttributes;
import dev.slackrelay.relay.RelayTest.RecordingSqs;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Files: read before the post, uploaded into the post's thread at the channel's next turn, and never a second post
 * of a message whose files failed after it was posted. Slack is a scripted workspace, time a {@link ManualClock}; the
 * same over HTTP against the Slack emulator, with S3, are in the system tests.
 */
class RelayFilesTest {

    private static final Duration INTERVAL = Duration.ofMillis(1000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV = Base64.getEncoder().encodeToString("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

    private final ManualClock clock = new ManualClock();
    private final ScriptedWorkspace slack = new ScriptedWorkspace(clock);
    private final RecordingSqs sqs = new RecordingSqs();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private int sequence;

    private RelayConfig.Builder config() {
        return RelayConfig.builder().queueUrl("http://q/relay.fifo").deadLetterQueueUrl("http://q/dlq.fifo")
                .slackBotToken("xoxb-test-secret").channelInterval(INTERVAL).slackTimeout(Duration.ofSeconds(2))
                .maxReceiveCount(5).messagesPerPost(10);
    }

    private Relay relay(RelayConfig config) {
        return Relay.builder().config(config).sqsClient(sqs).transport(slack).clock(clock)
                // never reached: these tests name no object inside the bucket (the system tests read S3)
                .s3Client(S3Client.builder().region(Region.US_EAST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .endpointOverride(URI.create("http://127.0.0.1:9")).build())
                .deliveryLog(new PrintStream(log, true, StandardCharsets.UTF_8)).build();
    }

    private Relay relay() {
        return relay(config().build());
    }

    private InboundMessage message(String json) {
        int n = ++sequence;
        return new InboundMessage("m-" + n, "rh-" + n, json, "C1", 1, Instant.parse("2026-01-01T08:59:00Z"), Map.of());
    }

    private static String withFile(String fields) {
        return "{\"channel\":\"C1\"," + fields + (fields.isEmpty() ? "" : ",")
                + "\"files\":[{\"name\":\"report.csv\",\"title\":\"Report\",\"content_base64\":\"" + CSV + "\"}]}";
    }

    @Test
    void aMessagesFilesGoIntoItsThreadAtTheChannelsNextTurn() {
        List<Disposition> d = relay().handle(List.of(message(withFile("\"body\":\"nightly export done\"")),
                message("{\"channel\":\"C1\",\"body\":\"next\"}")));

        assertThat(d).containsExactly(Disposition.DELETE, Disposition.DELETE);
        assertThat(slack.posts).hasSize(2);
        assertThat(slack.uploads).singleElement().satisfies(u -> {
            assertThat(u.threadTs()).isEqualTo(slack.posts.get(0).ts());
            assertThat(u.files()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("report.csv");
                assertThat(f.title()).isEqualTo("Report");
                assertThat(new String(f.content(), StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
            });
            // the upload is a turn of its own: an interval after the post, and the next post an interval after it
            assertThat(u.atNanos() - slack.posts.get(0).atNanos()).isGreaterThanOrEqualTo(INTERVAL.toNanos());
            assertThat(slack.posts.get(1).atNanos() - u.atNanos()).isGreaterThanOrEqualTo(INTERVAL.toNanos());
        });
        assertThat(slack.posts.get(1).rendered().text()).contains("next");
        assertThat(sqs.sent).isEmpty();
    }

    @Test
    void aReplyWithFilesPutsThemInTheSameThread() {
        relay().handle(List.of(message(withFile("\"body\":\"logs\",\"thread_ts\":\"1700000000.000100\""))));

        assertThat(slack.posts).singleElement().satisfies(p -> assertThat(p.threadTs()).isEqualTo("1700000000.000100"));
        assertThat(slack.uploads).singleElement().satisfies(u -> assertThat(u.threadTs()).isEqualTo("1700000000.000100"));
    }

    @Test
    void aMessageOfFilesAloneIsOnlyAnUpload() {
        List<Disposition> d = relay().handle(List.of(message(withFile("\"thread_ts\":\"1700000000.000100\"")),
                message(withFile(""))));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).isEmpty();
        assertThat(slack.uploads).extracting(ScriptedWorkspace.Upload::threadTs).containsExactly("1700000000.000100", null);
        assertThat(slack.uploads.get(1).atNanos() - slack.uploads.get(0).atNanos())
                .isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }

    @Test
    void filesThatFailAfterThePostFollowAsAMessageOfTheirOwnAndThePostIsNotRepeated() throws Exception {
        slack.uploadAnswers.add(new SlackOutcome.RateLimited(Duration.ofSeconds(20), Duration.ofMillis(100)));

        List<Disposition> d = relay().handle(List.of(message(withFile("\"body\":\"export done\"")),
                message("{\"channel\":\"C1\",\"body\":\"after it\"}")));

        // the original is done with (its post is in Slack); the channel's next message waits, in order
        assertThat(d).containsExactly(Disposition.DELETE, Disposition.RETRY);
        assertThat(slack.posts).hasSize(1);
        assertThat(sqs.released).containsExactly("rh-2");
        SendMessageRequest rest = single(sqs.sent);
        assertThat(rest.queueUrl()).isEqualTo("http://q/relay.fifo");
        assertThat(rest.messageGroupId()).isEqualTo("C1");
        assertThat(rest.messageDeduplicationId()).isEqualTo("m-1/rest");
        JsonNode body = JSON.readTree(rest.messageBody());
        assertThat(body.path("thread_ts").asText()).isEqualTo(slack.posts.get(0).ts());
        assertThat(body.has("body")).isFalse();
        assertThat(body.path("files").get(0).path("content_base64").asText()).isEqualTo(CSV);

        // the rest, delivered later: only the upload, into the post's thread
        Relay later = relay();
        clock.advance(Duration.ofSeconds(20));
        assertThat(later.handle(List.of(message(rest.messageBody())))).containsExactly(Disposition.DELETE);
        assertThat(slack.posts).hasSize(1);
        assertThat(slack.uploads).hasSize(2).last()
                .satisfies(u -> assertThat(u.threadTs()).isEqualTo(slack.posts.get(0).ts()));
    }

    @Test
    void filesSlackRefusesForGoodAfterThePostAreDeadLetteredAloneWithTheReason() throws Exception {
        slack.uploadAnswers.add(new SlackOutcome.Permanent("file_upload_size_restricted",
                "Slack answered file_upload_size_restricted", Duration.ofMillis(100)));

        List<Disposition> d = relay().handle(List.of(message(withFile("\"body\":\"export done\""))));

        assertThat(d).containsExactly(Disposition.DELETE);
        SendMessageRequest dead = single(sqs.sent);
        assertThat(dead.queueUrl()).isEqualTo("http://q/dlq.fifo");
        assertThat(dead.messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
                .contains("file_upload_size_restricted").contains("posted as " + slack.posts.get(0).ts());
        // a redrive uploads the files into the thread; it does not post the message again
        JsonNode body = JSON.readTree(dead.messageBody());
        assertThat(body.has("body")).isFalse();
        assertThat(body.path("thread_ts").asText()).isEqualTo(slack.posts.get(0).ts());
    }

    @Test
    void whenTimeRunsShortBetweenThePostAndTheUploadTheFilesFollow() {
        // the deadline falls after the post but before the channel's next turn
        Duration timeLeft = Duration.ofSeconds(2).plus(INTERVAL).plus(Relay.SEND_MARGIN).plus(Duration.ofSeconds(2))
                .plus(Duration.ofMillis(500));

        List<Disposition> d = relay().handle(List.of(message(withFile("\"body\":\"export done\""))), timeLeft);

        assertThat(d).containsExactly(Disposition.DELETE);
        assertThat(slack.posts).hasSize(1);
        assertThat(slack.uploads).isEmpty(); // not attempted
        assertThat(single(sqs.sent).messageDeduplicationId()).isEqualTo("m-1/rest");
    }

    @Test
    void aFileOutsideTheRelaysBucketIsDeadLetteredBeforeAnythingIsPostedAndTheChannelMovesOn() {
        Relay relay = relay(config().filesBucket("relay-files").filesPrefix("in/").build());

        List<Disposition> d = relay.handle(List.of(
                message("{\"channel\":\"C1\",\"body\":\"x\",\"files\":[{\"name\":\"a.csv\",\"s3\":\"s3://other/in/a.csv\"}]}"),
                message("{\"channel\":\"C1\",\"body\":\"y\",\"files\":[{\"name\":\"b.csv\",\"s3\":\"s3://relay-files/out/b.csv\"}]}"),
                message("{\"channel\":\"C1\",\"body\":\"after them\"}")));

        assertThat(d).containsOnly(Disposition.DELETE);
        assertThat(slack.posts).singleElement().satisfies(p -> assertThat(p.rendered().text()).contains("after them"));
        assertThat(sqs.sent).hasSize(2).allSatisfy(dead -> {
            assertThat(dead.queueUrl()).isEqualTo("http://q/dlq.fifo");
            assertThat(dead.messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
                    .startsWith("file_unreadable: ").contains("outside the relay's files, s3://relay-files/in/");
        });
    }

    @Test
    void withoutAFilesBucketAnS3FileIsDeadLetteredWithTheSetting() {
        relay().handle(List.of(message("{\"channel\":\"C1\",\"body\":\"x\",\"files\":[{\"name\":\"a.csv\",\"s3\":\"s3://some-bucket/a.csv\"}]}")));

        assertThat(slack.posts).isEmpty();
        assertThat(single(sqs.sent).messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
                .contains("FILES_S3_BUCKET");
    }

    @Test
    void overWebhooksAMessageWithFilesIsDeadLetteredUnposted() {
        Relay relay = relay(config().slackBotToken(null).slackWebhooks("{\"C1\":\"https://hooks.example/x\"}").build());

        assertThat(relay.handle(List.of(message(withFile("\"body\":\"x\""))))).containsExactly(Disposition.DELETE);

        assertThat(slack.posts).isEmpty();
        assertThat(single(sqs.sent).messageAttributes().get(DeadLetterAttributes.REASON).stringValue())
                .contains("files need the Web API");
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
