package dev.slackrelay.ingest.lambda;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * ElasticMQ on a free loopback port for one test class ({@code @RegisterExtension static final ElasticMq SQS = new
 * ElasticMq();}), with the SDK client the publisher uses.
 */
final class ElasticMq implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger QUEUES = new AtomicInteger();

    private ActorSystem actorSystem;
    private SQSRestServer server;
    private SqsClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        actorSystem = ActorSystem.create("elasticmq", ConfigFactory.parseString("""
                pekko.loglevel = "WARNING"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.daemonic = on
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load(ElasticMq.class.getClassLoader())));
        server = SQSRestServerBuilder.withActorSystem(actorSystem).withInterface("127.0.0.1").withPort(0).start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        client = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    SqsClient client() {
        return client;
    }

    /** A new FIFO queue with explicit deduplication IDs. */
    String createFifoQueue() {
        return client.createQueue(r -> r.queueName("alarm-" + QUEUES.incrementAndGet() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")))
                .queueUrl();
    }

    /** Receives and deletes every message, with system attributes. */
    List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            ReceiveMessageResponse response = client.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL));
            if (!response.hasMessages() || response.messages().isEmpty()) {
                return all;
            }
            for (Message m : response.messages()) {
                client.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                all.add(m);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        client.close();
        server.stopAndWait();
        Await.result(actorSystem.terminate(), Duration.create(10, TimeUnit.SECONDS));
    }
}
