package dev.slackrelay.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;

class PublisherConfigTest {

    private static final String URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/slack-relay.fifo";

    @Test
    void readsTheQueueUrlFromSqsQueueUrlAndDefaultsTheRest() {
        PublisherConfig config = PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", URL, "OTHER", "x"));

        assertThat(config.queueUrl()).isEqualTo(URL);
        assertThat(config.producer()).isNull();
        assertThat(config.retryMode()).isEqualTo(RetryMode.STANDARD);
        assertThat(config.maxAttempts()).isEqualTo(PublisherConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.batchMaxAttempts()).isEqualTo(PublisherConfig.DEFAULT_BATCH_MAX_ATTEMPTS);
    }

    @Test
    void readsTheUrgentQueueUrlFromSqsUrgentQueueUrlWhenSet() {
        String urgent = URL.replace("slack-relay.fifo", "slack-relay-urgent.fifo");

        assertThat(PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", URL, "SQS_URGENT_QUEUE_URL", urgent))
                .urgentQueueUrl()).isEqualTo(urgent);
        assertThat(PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", URL)).urgentQueueUrl()).isNull();
        assertThat(PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", URL, "SQS_URGENT_QUEUE_URL", " "))
                .urgentQueueUrl()).isNull();
    }

    @Test
    void refusesAnUrgentQueueThatIsNotFifoOrIsTheMainQueue() {
        assertThatThrownBy(() -> PublisherConfig.fromEnvironment(
                Map.of("SQS_QUEUE_URL", URL, "SQS_URGENT_QUEUE_URL", URL.replace(".fifo", "-urgent"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urgentQueueUrl").hasMessageContaining("FIFO");
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL).urgentQueueUrl(URL).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urgentQueueUrl must differ");
    }

    @Test
    void saysWhichVariableIsMissing() {
        assertThatThrownBy(() -> PublisherConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SQS_QUEUE_URL");
    }

    @Test
    void refusesAQueueThatIsNotFifo() {
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL.replace(".fifo", "")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FIFO");
    }

    @Test
    void refusesOutOfRangeValues() {
        PublisherConfig.Builder valid = PublisherConfig.builder().queueUrl(URL);
        assertThatThrownBy(() -> valid.maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL).batchBackoffBase(Duration.ZERO).build())
                .hasMessageContaining("batchBackoffBase");
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL).producer(" ").build())
                .hasMessageContaining("producer");
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(" ").build())
                .hasMessageContaining("queueUrl");
    }

    @Test
    void copiesEveryValueThroughToBuilder() {
        PublisherConfig config = PublisherConfig.builder().queueUrl(URL)
                .urgentQueueUrl(URL.replace(".fifo", "-urgent.fifo")).producer("nightly")
                .retryMode(RetryMode.ADAPTIVE_V2).maxAttempts(8).batchMaxAttempts(2)
                .batchBackoffBase(Duration.ofMillis(7)).batchBackoffMax(Duration.ofSeconds(1)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().producer("other").build().producer()).isEqualTo("other");
    }

    @Test
    void buildsItsOwnClientWhenNoneIsGiven() {
        // the SDK needs a region to build a client; give it one without depending on this machine's environment
        String previous = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-west-1");
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(URL).producer("p").build()) {
            assertThat(publisher.config().producer()).isEqualTo("p");
        } finally {
            if (previous == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", previous);
            }
        }
    }

    @Test
    void readsTheFilesBucketAndPrefixAsTheRelayDoes() {
        PublisherConfig config = PublisherConfig.fromEnvironment(
                Map.of("SQS_QUEUE_URL", URL, "FILES_S3_BUCKET", "relay-files", "FILES_S3_PREFIX", "in/"));

        assertThat(config.filesBucket()).isEqualTo("relay-files");
        assertThat(config.filesPrefix()).isEqualTo("in/");
        assertThat(config.filesLocation()).isEqualTo("s3://relay-files/in/");
        assertThat(config.toBuilder().build()).isEqualTo(config);
        PublisherConfig none = PublisherConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", URL));
        assertThat(none.filesBucket()).isNull();
        assertThat(none.filesPrefix()).isEmpty();
        assertThat(none.filesLocation()).isNull();
    }

    @Test
    void refusesAFilesPrefixWithoutBucketAndABucketThatIsAUri() {
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL).filesPrefix("in/").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filesBucket");
        assertThatThrownBy(() -> PublisherConfig.builder().queueUrl(URL).filesBucket("s3://relay-files").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket name");
    }
}
