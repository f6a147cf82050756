package dev.slackrelay.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import dev.slackrelay.local.s3.EmbeddedS3;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The kit's files bucket: one S3, one bucket, shared by the relay's configuration, the publisher and the tests. */
class LocalPipelineFilesTest {

    @Test
    void wiresOneFilesBucketIntoTheRelayThePublisherAndTheTestsClient() {
        byte[] content = new byte[900 * 1024];
        content[7] = 1;
        try (LocalPipeline p = LocalPipeline.builder().filesBucket("relay-files", "in/").start()) {
            assertThat(p.relayConfig().filesBucket()).isEqualTo("relay-files");
            assertThat(p.relayConfig().filesPrefix()).isEqualTo("in/");
            assertThat(p.publisher().config().filesLocation()).isEqualTo("s3://relay-files/in/");

            p.publisher().publish(SlackMessage.builder("C1").file(SlackFile.inline("dump.bin", content)).build());
            p.s3().putObject(r -> r.bucket("relay-files").key("in/given.txt"), RequestBody.fromString("given"));

            String queued = p.sqs().client().receiveMessage(r -> r.queueUrl(p.sqs().queueUrl())).messages().get(0)
                    .body();
            String reference = WireFormat.decode(queued).files().get(0).s3();
            EmbeddedS3.StoredObject uploaded = p.embeddedS3().objects().stream()
                    .filter(o -> o.uri().equals(reference)).findFirst().orElseThrow();
            assertThat(uploaded.content()).isEqualTo(content);
            assertThat(p.embeddedS3().get("relay-files", "in/given.txt").orElseThrow().content())
                    .isEqualTo("given".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void hasNoFilesBucketUnlessAskedFor() {
        try (LocalPipeline p = LocalPipeline.builder().start()) {
            assertThat(p.relayConfig().filesBucket()).isNull();
            assertThat(p.publisher().config().filesBucket()).isNull();
            assertThatThrownBy(p::s3).isInstanceOf(IllegalStateException.class).hasMessageContaining("filesBucket");
        }
    }
}
