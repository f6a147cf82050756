package dev.slackrelay.local.sqs;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An in-process SQS (ElasticMQ) on 127.0.0.1 with the relay queue, the urgent queue and their dead-letter queue
 * created with the attributes that {@code template.yaml} gives them.
 *
 * <pre>{@code
 * try (EmbeddedSqs sqs = EmbeddedSqs.builder().visibilityTimeout(Duration.ofSeconds(2)).build().start()) {
 *     sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageGroupId("C1").messageDeduplicationId("1")
 *             .messageBody("{}"));
 * }
 * }</pre>
 *
 * <p>ElasticMQ implements the SQS protocol including FIFO group locking (one message of a group in flight at a
 * time), redrive to the dead-letter queue after {@code maxReceiveCount} receives, {@code ChangeMessageVisibility}
 * and long polling. Encryption attributes ({@link #LOCALLY_IGNORED}) are left out locally.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread (each at most once has an
 * effect); the accessors are valid after {@link #start()} returned.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** ElasticMQ accepts any credentials; the SDK needs some. */
    private static final String LOCAL_CREDENTIAL = "local";

    /**
     * Template attributes that only matter on AWS (server-side encryption) and are not sent to ElasticMQ. Other
     * attributes ElasticMQ does not implement ({@code MessageRetentionPeriod}, {@code MaximumMessageSize},
     * {@code DeduplicationScope}, {@code FifoThroughputLimit}) are sent; it accepts and ignores them.
     */
    public static final Set<QueueAttributeName> LOCALLY_IGNORED = Set.of(
            QueueAttributeName.SQS_MANAGED_SSE_ENABLED,
            QueueAttributeName.KMS_MASTER_KEY_ID,
            QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final String queueName;
    private final String urgentQueueName;
    private final String dlqName;
    private final String region;
    private final String accountId;
    private final QueueSpec queueSpec;
    private final QueueSpec urgentQueueSpec;
    private final QueueSpec dlqSpec;

    private final Object lock = new Object();
    private boolean started;
    private boolean closed;
    private ActorSystem actorSystem;
    private SQSRestServer server;
    private Http.ServerBinding binding;
    private volatile URI endpoint;
    private volatile SqsClient client;
    private volatile String queueUrl;
    private volatile String urgentQueueUrl;
    private volatile String dlqUrl;
    private volatile String queueArn;
    private volatile String urgentQueueArn;
    private volatile String dlqArn;

    private EmbeddedSqs(Builder builder) {
        this.port = builder.port;
        this.queueName = builder.queueName;
        this.urgentQueueName = builder.urgentQueueName;
        this.dlqName = builder.dlqName;
        this.region = builder.region;
        this.accountId = builder.accountId;
        QueueTemplate template = builder.template != null ? builder.template
                : QueueTemplate.bundled().orElseThrow(() -> new IllegalStateException(
                        "no " + QueueTemplate.BUNDLED_RESOURCE + " on the class path (the build copies the"
                                + " repository's template.yaml there); pass one with template(...)"));
        QueueSpec dlq = template.queue(QueueTemplate.DEAD_LETTER_QUEUE);
        this.queueSpec = sourceQueue(template.queue(QueueTemplate.RELAY_QUEUE), dlq, builder);
        this.urgentQueueSpec = sourceQueue(template.queue(QueueTemplate.URGENT_QUEUE), dlq, builder);
        requireFifoName(queueSpec, queueName);
        requireFifoName(urgentQueueSpec, urgentQueueName);
        requireFifoName(dlq, dlqName);
        this.dlqSpec = dlq;
    }

    /** A queue the relay consumes (relay or urgent queue), checked and with this instance's overrides. */
    private static QueueSpec sourceQueue(QueueSpec spec, QueueSpec dlq, Builder builder) {
        if (!spec.hasRedrivePolicy() || !spec.deadLetterTargetLogicalId().equals(dlq.logicalId())) {
            throw new IllegalArgumentException(spec.logicalId() + " must have a RedrivePolicy targeting "
                    + dlq.logicalId() + ", has " + spec.deadLetterTargetLogicalId());
        }
        QueueSpec result = spec;
        if (builder.visibilityTimeout != null) {
            result = result.withVisibilityTimeout(builder.visibilityTimeout);
        }
        if (builder.maxReceiveCount != null) {
            result = result.withMaxReceiveCount(builder.maxReceiveCount);
        }
        return result;
    }

    /**
     * A builder with the defaults: port 0, {@code slack-relay.fifo}, {@code slack-relay-urgent.fifo},
     * {@code slack-relay-dlq.fifo}, bundled template.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts ElasticMQ and creates the dead-letter queue, the relay queue and the urgent queue.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     */
    public EmbeddedSqs start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
            try {
                startServer();
                createQueues();
                LOG.info("ElasticMQ on {} with {}, {} and {}", endpoint, queueName, urgentQueueName, dlqName);
            } catch (RuntimeException | Error e) {
                stopQuietly();
                throw e;
            }
            return this;
        }
    }

    private void startServer() {
        actorSystem = ActorSystem.create("elasticmq", quietPekkoConfig());
        server = SQSRestServerBuilder.withActorSystem(actorSystem)
                .withInterface(LOOPBACK)
                .withPort(port)
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        binding = server.waitUntilStarted();
        InetSocketAddress address = binding.localAddress();
        endpoint = URI.create("http://" + LOOPBACK + ":" + address.getPort());
        client = newClient();
    }

    /** ElasticMQ's own application.conf asks Pekko for DEBUG; a library embedded in tests should be quiet. */
    private static Config quietPekkoConfig() {
        return ConfigFactory.parseString("""
                pekko.loglevel = "WARNING"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.daemonic = on
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load(EmbeddedSqs.class.getClassLoader()));
    }

    private void createQueues() {
        dlqUrl = client.createQueue(r -> r.queueName(dlqName).attributes(localAttributes(dlqSpec, null)))
                .queueUrl();
        dlqArn = arnOf(dlqUrl);
        queueUrl = client.createQueue(r -> r.queueName(queueName).attributes(localAttributes(queueSpec, dlqArn)))
                .queueUrl();
        queueArn = arnOf(queueUrl);
        urgentQueueUrl = client.createQueue(r -> r.queueName(urgentQueueName)
                .attributes(localAttributes(urgentQueueSpec, dlqArn))).queueUrl();
        urgentQueueArn = arnOf(urgentQueueUrl);
    }

    private String arnOf(String url) {
        return client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static Map<QueueAttributeName, String> localAttributes(QueueSpec spec, String deadLetterArn) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        spec.attributes().forEach((name, value) -> {
            if (!LOCALLY_IGNORED.contains(name)) {
                attributes.put(name, value);
            }
        });
        if (deadLetterArn != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetterArn, spec.maxReceiveCount()));
        }
        return attributes;
    }

    private static String redrivePolicy(String deadLetterArn, int maxReceiveCount) {
        try {
            return new ObjectMapper().writeValueAsString(
                    Map.of("deadLetterTargetArn", deadLetterArn, "maxReceiveCount", maxReceiveCount));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new SQS client for this endpoint (url-connection HTTP client, dummy static credentials, this region).
     * The caller closes it. Thread-safe, like every SDK client.
     */
    public SqsClient newClient() {
        URI uri = requireStarted(endpoint);
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(uri)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_CREDENTIAL, LOCAL_CREDENTIAL)))
                .build();
    }

    /**
     * The AWS SDK's environment variables with which a process of its own (the standalone poller, the deployable jar)
     * reaches this endpoint: endpoint, region and dummy credentials.
     */
    public Map<String, String> clientEnvironment() {
        return Map.of("AWS_ENDPOINT_URL_SQS", endpoint().toString(), "AWS_REGION", region,
                "AWS_ACCESS_KEY_ID", LOCAL_CREDENTIAL, "AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIAL);
    }

    /** A shared SQS client for this endpoint, closed by {@link #close()}. */
    public SqsClient client() {
        return requireStarted(client);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return requireStarted(endpoint);
    }

    /** The port ElasticMQ listens on (the ephemeral one if {@code port(0)}). */
    public int port() {
        return endpoint().getPort();
    }

    /** URL of the relay queue. */
    public String queueUrl() {
        return requireStarted(queueUrl);
    }

    /** ARN of the relay queue (the records' {@code eventSourceARN}). */
    public String queueArn() {
        return requireStarted(queueArn);
    }

    /** URL of the urgent queue. */
    public String urgentQueueUrl() {
        return requireStarted(urgentQueueUrl);
    }

    /** ARN of the urgent queue (the {@code eventSourceARN} of its records). */
    public String urgentQueueArn() {
        return requireStarted(urgentQueueArn);
    }

    /** URL of the dead-letter queue. */
    public String dlqUrl() {
        return requireStarted(dlqUrl);
    }

    /** ARN of the dead-letter queue. */
    public String dlqArn() {
        return requireStarted(dlqArn);
    }

    /** Name of the relay queue. */
    public String queueName() {
        return queueName;
    }

    /** Name of the urgent queue. */
    public String urgentQueueName() {
        return urgentQueueName;
    }

    /** Name of the dead-letter queue. */
    public String dlqName() {
        return dlqName;
    }

    /** Region of the queue ARNs and of {@link #client()}. */
    public String region() {
        return region;
    }

    /** The relay queue's attributes as created (template, with this instance's overrides). */
    public QueueSpec queueSpec() {
        return queueSpec;
    }

    /** The urgent queue's attributes as created (template, with this instance's overrides). */
    public QueueSpec urgentQueueSpec() {
        return urgentQueueSpec;
    }

    /** The dead-letter queue's attributes as created (template). */
    public QueueSpec dlqSpec() {
        return dlqSpec;
    }

    /** Stops ElasticMQ (messages are lost) and closes {@link #client()}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopQuietly();
        }
    }

    private void stopQuietly() {
        if (client != null) {
            client.close();
        }
        try {
            if (binding != null) {
                // Stop accepting connections; terminating the actor system then drops open ones (long polls
                // included) at once, where binding.terminate would wait for them.
                FutureConverters.asJava(binding.unbind()).toCompletableFuture()
                        .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            LOG.warn("ElasticMQ did not unbind cleanly", e);
        }
        try {
            if (actorSystem != null) {
                actorSystem.terminate();
                actorSystem.getWhenTerminated().toCompletableFuture()
                        .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("ElasticMQ did not stop cleanly", e);
        }
    }

    private <T> T requireStarted(T value) {
        if (value == null) {
            throw new IllegalStateException("not started");
        }
        return value;
    }

    private static void requireFifoName(QueueSpec spec, String name) {
        if (spec.fifo() && !name.endsWith(".fifo")) {
            throw new IllegalArgumentException(spec.logicalId() + " is FIFO, so its name must end in .fifo: " + name);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSqs[" + (endpoint == null ? "not started" : endpoint) + ", " + queueName + ", "
                + urgentQueueName + ", " + dlqName + "]";
    }

    /** Builder for {@link EmbeddedSqs}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private String queueName = "slack-relay.fifo";
        private String urgentQueueName = "slack-relay-urgent.fifo";
        private String dlqName = "slack-relay-dlq.fifo";
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private QueueTemplate template;
        private Duration visibilityTimeout;
        private Integer maxReceiveCount;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Name of the relay queue, default {@code slack-relay.fifo}. */
        public Builder queueName(String queueName) {
            this.queueName = Objects.requireNonNull(queueName, "queueName");
            return this;
        }

        /** Name of the urgent queue, default {@code slack-relay-urgent.fifo}. */
        public Builder urgentQueueName(String urgentQueueName) {
            this.urgentQueueName = Objects.requireNonNull(urgentQueueName, "urgentQueueName");
            return this;
        }

        /** Name of the dead-letter queue, default {@code slack-relay-dlq.fifo}. */
        public Builder dlqName(String dlqName) {
            this.dlqName = Objects.requireNonNull(dlqName, "dlqName");
            return this;
        }

        /** Region in queue ARNs, default {@code us-east-1}. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Account ID in queue URLs and ARNs, default {@code 000000000000}. */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /** The template whose queues to create; default {@link QueueTemplate#bundled()}. */
        public Builder template(QueueTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Overrides the relay and urgent queues' visibility timeout (whole seconds); tests use a few seconds. */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
            return this;
        }

        /** Overrides the relay and urgent queues' redrive {@code maxReceiveCount} (1..1000). */
        public Builder maxReceiveCount(int maxReceiveCount) {
            this.maxReceiveCount = maxReceiveCount;
            return this;
        }

        /**
         * @throws IllegalStateException if no template was given and none is bundled
         * @throws IllegalArgumentException if the template lacks the queues or the overrides are out of range
         */
        public EmbeddedSqs build() {
            return new EmbeddedSqs(this);
        }
    }
}
