package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The same pipeline on LocalStack's SQS, for those who have Docker: the relay against a second SQS implementation
 * that the project did not write. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineTest {

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer("localstack/localstack:4.4").withServices("sqs");

    @Test
    void relaysFromLocalStackSqsToSlackInOrder() throws Exception {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
             SlackEmulator slack = SlackEmulator.builder().token("xoxb-ls").ratePerSecond(5).build().start()) {
            String dlqUrl = sqs.createQueue(r -> r.queueName("relay-dlq.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String queueUrl = sqs.createQueue(r -> r.queueName("relay.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"10\"}"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            RelayConfig config = RelayConfig.builder().queueUrl(queueUrl).deadLetterQueueUrl(dlqUrl)
                    .slackBotToken("xoxb-ls").slackApiUrl(URI.create(slack.apiUrl()))
                    .channelInterval(Duration.ofMillis(200)).build();
            try (Relay relay = Relay.builder().config(config).sqsClient(sqs).build();
                 SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(sqs).build();
                 EventSourcePoller poller = EventSourcePoller.builder().sqsClient(sqs).queueUrl(queueUrl)
                         .queueArn(queueArn).handler(new RelayHandler(relay)).maxConcurrency(2).waitTimeSeconds(1)
                         .build().start()) {
                for (int i = 1; i <= 3; i++) {
                    publisher.publish(SlackMessage.builder("C1").body("seq=" + i).build());
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (slack.posts("C1").size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            assertThat(slack.posts("C1")).extracting(p -> p.payload().path("text").asText())
                    .containsExactly("seq=1", "seq=2", "seq=3");
        }
    }
}
