package dev.slackrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsTest {

    private EmbeddedSqs sqs;

    @AfterEach
    void close() {
        if (sqs != null) {
            sqs.close();
        }
    }

    private Map<QueueAttributeName, String> attributesOf(String queueUrl) {
        return sqs.client().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }

    @Test
    void createsTheRelayQueueWithTheTemplatesAttributes() throws IOException {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).build().start();

        Map<QueueAttributeName, String> attributes = attributesOf(sqs.queueUrl());
        assertThat(attributes)
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "180")
                .containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "0")
                .containsEntry(QueueAttributeName.QUEUE_ARN, sqs.queueArn());
        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(sqs.dlqArn());
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(100);
    }

    @Test
    void createsTheUrgentQueueLikeTheRelayQueueWithTheSameDeadLetterQueueAndOverrides() throws IOException {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture())
                .visibilityTimeout(Duration.ofSeconds(2)).maxReceiveCount(3).build().start();

        Map<QueueAttributeName, String> attributes = attributesOf(sqs.urgentQueueUrl());
        assertThat(attributes)
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "2")
                .containsEntry(QueueAttributeName.QUEUE_ARN, sqs.urgentQueueArn());
        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(sqs.dlqArn());
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(3);
        assertThat(sqs.urgentQueueUrl()).isEqualTo(sqs.endpoint() + "/000000000000/slack-relay-urgent.fifo");
        assertThat(sqs.urgentQueueArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:slack-relay-urgent.fifo");
    }

    @Test
    void createsTheDeadLetterQueueWithTheTemplatesAttributes() {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).build().start();

        assertThat(attributesOf(sqs.dlqUrl()))
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                .doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
        assertThat(sqs.dlqArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:slack-relay-dlq.fifo");
    }

    @Test
    void appliesVisibilityTimeoutAndMaxReceiveCountOverrides() throws IOException {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture())
                .visibilityTimeout(Duration.ofSeconds(2)).maxReceiveCount(3).build().start();

        Map<QueueAttributeName, String> attributes = attributesOf(sqs.queueUrl());
        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "2");
        assertThat(new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .get("maxReceiveCount").asInt()).isEqualTo(3);
        assertThat(sqs.queueSpec().maxReceiveCount()).isEqualTo(3);
    }

    @Test
    void listensOnLoopbackWithAnEphemeralPortByDefault() {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).build().start();

        assertThat(sqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sqs.port()).isPositive();
        assertThat(sqs.queueUrl()).isEqualTo(sqs.endpoint() + "/000000000000/slack-relay.fifo");
        assertThat(sqs.queueArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:slack-relay.fifo");
    }

    @Test
    void listensOnTheGivenPort() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }

        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).port(free).build().start();

        assertThat(sqs.endpoint().toString()).isEqualTo("http://127.0.0.1:" + free);
    }

    @Test
    void usesConfiguredQueueNames() {
        sqs = EmbeddedSqs.builder().template(QueueTemplateTest.fixture())
                .queueName("other.fifo").dlqName("other-dlq.fifo").build().start();

        assertThat(sqs.queueUrl()).endsWith("/other.fifo");
        assertThat(sqs.dlqUrl()).endsWith("/other-dlq.fifo");
    }

    @Test
    void createsTheQueuesOfTheBundledTemplateByDefault() throws IOException {
        assumeThat(QueueTemplate.bundled()).as("repository template.yaml copied into the build").isPresent();

        sqs = EmbeddedSqs.builder().build().start();

        QueueSpec spec = QueueTemplate.bundled().orElseThrow().queue(QueueTemplate.RELAY_QUEUE);
        Map<QueueAttributeName, String> attributes = attributesOf(sqs.queueUrl());
        assertThat(attributes)
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true")
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT,
                        spec.attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertThat(new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .get("maxReceiveCount").asInt()).isEqualTo(spec.maxReceiveCount());
        assertThat(attributesOf(sqs.dlqUrl())).containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
    }

    @Test
    void rejectsANonFifoNameForAFifoQueue() {
        assertThatThrownBy(() -> EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).queueName("plain")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".fifo");
    }

    @Test
    void refusesAccessorsBeforeStartAndASecondStart() {
        EmbeddedSqs notStarted = EmbeddedSqs.builder().template(QueueTemplateTest.fixture()).build();
        assertThatThrownBy(notStarted::queueUrl).isInstanceOf(IllegalStateException.class);

        sqs = notStarted.start();
        assertThatThrownBy(sqs::start).isInstanceOf(IllegalStateException.class);
    }
}
