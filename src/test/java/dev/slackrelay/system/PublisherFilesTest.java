package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The publisher's upload path against a real S3 protocol server: moto_server when it is installed, and the local
 * kit's embedded S3. (What the relay does with the files is FilesPipelineTest's.)
 */
class PublisherFilesTest {

    private static final String BUCKET = "relay-files";
    private static final String PREFIX = "uploads/";

    static List<TestS3.Backend> backends() {
        return TestS3.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void offloadsAFileTooLargeForTheMessageKeepsASmallOneInlineAndRefusesAnotherBucket(TestS3.Backend backend)
            throws Exception {
        byte[] large = new byte[900 * 1024];
        new Random(900).nextBytes(large);
        byte[] small = "ok\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (TestS3 s3 = TestS3.start(backend); S3Client reader = s3.newClient();
             LocalPipeline p = LocalPipeline.builder().filesBucket(BUCKET, PREFIX).s3(s3::newClient).start()) {
            p.publisher().publish(SlackMessage.builder("C1").body("nightly dump")
                    .file(SlackFile.inline("dump.bin", large)).file(SlackFile.inline("status.txt", small)).build());

            List<Message> queued = p.sqs().client().receiveMessage(r -> r.queueUrl(p.sqs().queueUrl())
                    .maxNumberOfMessages(10)).messages();
            assertThat(queued).hasSize(1);
            List<SlackFile> files = WireFormat.decode(queued.get(0).body()).files();
            assertThat(files).hasSize(2);
            SlackFile offloaded = files.get(0);
            assertThat(offloaded.name()).isEqualTo("dump.bin");
            assertThat(offloaded.contentBase64()).isNull();
            assertThat(offloaded.s3()).startsWith("s3://" + BUCKET + "/" + PREFIX).endsWith("/dump.bin");
            String key = offloaded.s3Location().orElseThrow().key();
            ResponseBytes<GetObjectResponse> object = reader.getObjectAsBytes(g -> g.bucket(BUCKET).key(key));
            assertThat(object.asByteArray()).isEqualTo(large);
            assertThat(object.response().contentType()).isEqualTo("application/octet-stream");
            assertThat(files.get(1)).isEqualTo(SlackFile.inline("status.txt", small));

            assertThatThrownBy(() -> p.publisher().publish(SlackMessage.builder("C1")
                    .file(SlackFile.inS3("x", "s3://other-bucket/x")).build()))
                    .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field).containsExactly("files[0].s3"))
                    .hasMessageContaining("s3://" + BUCKET + "/" + PREFIX);
            assertThat(p.onQueue()).as("only the first message, in flight").isEqualTo(1);
        }
    }
}
