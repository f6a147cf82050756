package dev.slackrelay.poller;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.jdk.javaapi.FutureConverters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Test fixture: a real SQS server (ElasticMQ, in this JVM, on an ephemeral loopback port) with a relay-shaped FIFO
 * queue and its FIFO dead-letter queue, and SDK clients for it. The poller module must not depend on the local
 * module (which has the full kit, {@code EmbeddedSqs}), so its tests start ElasticMQ themselves. Not thread-safe.
 */
final class ElasticMqQueues implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final ActorSystem actorSystem;
    private final org.apache.pekko.http.scaladsl.Http.ServerBinding binding;
    private final URI endpoint;
    private final SqsClient client;
    private final String queueUrl;
    private final String queueArn;
    private final String dlqUrl;

    private ElasticMqQueues(Duration visibilityTimeout, int maxReceiveCount) {
        actorSystem = ActorSystem.create("elasticmq", ConfigFactory.parseString("""
                pekko.loglevel = "WARNING"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.daemonic = on
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load(ElasticMqQueues.class.getClassLoader())));
        binding = SQSRestServerBuilder.withActorSystem(actorSystem).withInterface("127.0.0.1").withPort(0)
                .withAWSRegion(REGION).withAWSAccountId("000000000000").start().waitUntilStarted();
        endpoint = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
        client = newClient();
        dlqUrl = client.createQueue(r -> r.queueName("relay-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = arnOf(dlqUrl);
        queueUrl = client.createQueue(r -> r.queueName("relay.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":" + maxReceiveCount + "}"))).queueUrl();
        queueArn = arnOf(queueUrl);
    }

    static ElasticMqQueues start(Duration visibilityTimeout, int maxReceiveCount) {
        return new ElasticMqQueues(visibilityTimeout, maxReceiveCount);
    }

    private String arnOf(String url) {
        return client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Creates a second relay-shaped FIFO queue, like the template's urgent queue; returns its URL. */
    String createUrgentQueue() {
        return client.createQueue(r -> r.queueName("relay-urgent.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    }

    /** The ARN of the queue at {@code url}. */
    String queueArnOf(String url) {
        return arnOf(url);
    }

    /** A new client for this server; the caller closes it. */
    SqsClient newClient() {
        return clientBuilder().build();
    }

    /** A builder of clients for this server, to add interceptors. */
    SqsClientBuilder clientBuilder() {
        return SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    /** A shared client, closed by {@link #close()}. */
    SqsClient client() {
        return client;
    }

    URI endpoint() {
        return endpoint;
    }

    String queueUrl() {
        return queueUrl;
    }

    String queueArn() {
        return queueArn;
    }

    String dlqUrl() {
        return dlqUrl;
    }

    @Override
    public void close() {
        client.close();
        try {
            // unbinding first, then terminating the actor system, drops open long polls at once
            FutureConverters.asJava(binding.unbind()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            actorSystem.terminate();
            actorSystem.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ did not stop cleanly", e);
        }
    }
}
