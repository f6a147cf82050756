package dev.slackrelay.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a publisher with a files bucket queues and uploads; S3 itself is a recording stand-in here. */
class FileOffloadPublishTest {

    private static final int KIB = 1024;

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private String queueUrl;
    private RecordingSqsClient sqs;
    private final RecordingS3Client s3 = new RecordingS3Client();

    @BeforeEach
    void newQueue() {
        queueUrl = SQS.createFifoQueue();
        sqs = new RecordingSqsClient(SQS.client());
    }

    private SlackRelayPublisher publisher(String bucket, String prefix) {
        return SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(sqs).s3Client(s3)
                .filesBucket(bucket, prefix).build();
    }

    private static SlackMessage withFiles(String channel, SlackFile... files) {
        SlackMessage.Builder b = SlackMessage.builder(channel).body("export done");
        for (SlackFile f : files) {
            b.file(f);
        }
        return b.build();
    }

    @Test
    void uploadsWhatDoesNotFitAndQueuesItsS3Reference() {
        byte[] big = new byte[900 * KIB];
        big[0] = 42;
        try (SlackRelayPublisher publisher = publisher("relay-files", "in/")) {
            publisher.publish(withFiles("C1", SlackFile.inline("big.bin", big), SlackFile.inline("s.txt", new byte[3])));
        }

        assertThat(s3.puts()).singleElement().satisfies(put -> assertThat(put.content()).isEqualTo(big));
        List<SlackFile> queued = WireFormat.decode(SQS.drain(queueUrl).get(0).body()).files();
        assertThat(queued.get(0).s3()).isEqualTo(s3.puts().get(0).uri()).startsWith("s3://relay-files/in/")
                .endsWith("/big.bin");
        assertThat(queued.get(0).contentBase64()).isNull();
        assertThat(queued.get(1).contentBase64()).isEqualTo("AAAA");
    }

    @Test
    void refusesAnS3ReferenceOutsideTheBucketBeforeAnyCall() {
        SlackMessage message = withFiles("C1", SlackFile.inS3("x", "s3://other-bucket/x"),
                SlackFile.inline("big.bin", new byte[900 * KIB]));
        try (SlackRelayPublisher publisher = publisher("relay-files", "in/")) {
            assertThatThrownBy(() -> publisher.publish(message))
                    .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field).containsExactly("files[0].s3"))
                    .hasMessageContaining("s3://relay-files/in/");
            assertThat(publisher.violations(message, null)).extracting(Violation::field)
                    .containsExactly("files[0].s3");
        }

        assertThat(s3.puts()).isEmpty();
        assertThat(sqs.calls()).isZero();
    }

    @Test
    void queuesNothingWhenAnUploadFails() {
        s3.failPuts(500);
        try (SlackRelayPublisher publisher = publisher("relay-files", "")) {
            assertThatThrownBy(() -> publisher.publish(withFiles("C1", SlackFile.inline("big.bin",
                    new byte[900 * KIB]))))
                    .isInstanceOf(FileUploadException.class).hasMessageContaining("big.bin");
        }

        assertThat(sqs.calls()).isZero();
    }

    @Test
    void publishAllReportsAFailedUploadAndHoldsBackThatChannelsLaterMessages() {
        s3.failPuts(500);
        List<SlackMessage> messages = List.of(
                withFiles("C1", SlackFile.inline("big.bin", new byte[900 * KIB])),
                SlackMessage.builder("C1").body("after the file").build(),
                SlackMessage.builder("C2").body("another channel").build());

        List<PublishResult> results;
        try (SlackRelayPublisher publisher = publisher("relay-files", "")) {
            results = publisher.publishAll(messages);
        }

        assertThat(results.get(0)).isInstanceOfSatisfying(PublishResult.Failed.class, f -> {
            assertThat(f.code()).isEqualTo(PublishResult.Failed.FILE_UPLOAD_FAILED);
            assertThat(f.reason()).contains("big.bin");
            assertThat(f.retryable()).isTrue();
        });
        assertThat(results.get(1)).isInstanceOfSatisfying(PublishResult.Failed.class,
                f -> assertThat(f.code()).isEqualTo(PublishResult.Failed.PRECEDING_MESSAGE_FAILED));
        assertThat(results.get(2).isSent()).isTrue();
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).channel()).containsExactly("C2");
    }

    @Test
    void withoutABucketRefusesTooManyInlineBytesAsBefore() {
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(sqs)
                .build()) {
            assertThatThrownBy(() -> publisher.publish(withFiles("C1", SlackFile.inline("big.bin",
                    new byte[900 * KIB]))))
                    .isInstanceOf(InvalidMessageException.class).hasMessageContaining("s3://bucket/key");
        }

        assertThat(sqs.calls()).isZero();
    }
}
