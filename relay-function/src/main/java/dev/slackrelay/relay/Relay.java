package dev.slackrelay.relay;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.DeliveryLog.Outcome;
import dev.slackrelay.relay.internal.secrets.SecretSource;
import dev.slackrelay.relay.internal.secrets.SecretsManagerSource;
import dev.slackrelay.relay.internal.slack.Redaction;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.relay.internal.slack.WebApiTransport;
import dev.slackrelay.relay.internal.slack.WebhookTransport;
import dev.slackrelay.relay.internal.sqs.Backoff;
import dev.slackrelay.relay.internal.sqs.QueueOperations;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The relay core: posts one queued message to Slack and decides what becomes of it. Knows nothing of Lambda; the
 * Lambda handler and the local poller both call {@link #handle(InboundMessage)}. Built with {@link #builder()}.
 * Thread-safe: one instance serves any number of concurrent messages.
 *
 * <p>Every message ends delivered or dead-lettered with a reason: a rate-limited or transiently failed message is
 * hidden for {@code Retry-After} or a backoff and retried, in order, blocking only its own channel; a message that can
 * never be posted goes to the dead-letter queue at once, so its channel moves on.
 */
public final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** Least time between two reads of a secret after authentication failures. */
    private static final Duration SECRET_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Added to the channel interval after a post left, for the spread of its transit to Slack. */
    static final Duration SEND_MARGIN = Duration.ofMillis(5);

    private final RelayConfig config;
    private final QueueOperations queue;
    private final SlackTransport transport;
    private final DeliveryLog log;
    private final Backoff backoff;
    private final RelayClock clock;

    private Relay(Builder builder) {
        this.config = Objects.requireNonNull(builder.config, "config");
        this.clock = builder.clock;
        SqsClient sqs = builder.sqsClient != null ? builder.sqsClient : SdkClients.sqs();
        this.queue = new QueueOperations(sqs, config.queueUrl(), config.urgentQueueUrl(),
                config.deadLetterQueueUrl());
        this.transport = builder.transport != null ? builder.transport : transport(builder);
        this.log = new DeliveryLog(config.metricsNamespace(), config.metricsService(), builder.deliveryLog, clock);
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap());
        LOG.info("slack-relay started: {}", config);
    }

    /** A builder; only {@link Builder#config(RelayConfig)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    private static SlackTransport transport(Builder builder) {
        RelayConfig config = builder.config;
        var slack = SlackClients.create(config.slackApiUrl(), config.slackTimeout(), builder.clock);
        return config.usesWebhooks()
                ? new WebhookTransport(slack, secret(config.slackWebhooks(), config.slackWebhooksSecretArn(), builder),
                        builder.clock)
                : new WebApiTransport(slack, secret(config.slackBotToken(), config.slackBotTokenSecretArn(), builder),
                        builder.clock);
    }

    private static SecretSource secret(String inline, String arn, Builder builder) {
        if (inline != null) {
            return SecretSource.fixed(inline);
        }
        // the client is built at start-up (and so is in a SnapStart snapshot); the secret is read on first use
        SecretsManagerClient client = builder.secretsManagerClient != null ? builder.secretsManagerClient
                : SdkClients.secretsManager();
        return new SecretsManagerSource(client, arn, SECRET_REFRESH_INTERVAL, builder.clock);
    }

    /** Handles one message; never throws. The caller deletes it on {@link Disposition#DELETE} and leaves it otherwise. */
    public Disposition handle(InboundMessage message) {
        String channel = message.groupId();
        RenderedMessage rendered;
        try {
            SlackMessage decoded = WireFormat.decode(message.body());
            channel = decoded.channel();
            rendered = BlockKitRenderer.render(decoded);
        } catch (InvalidMessageException e) {
            String kind = e.isUnsupportedVersion() ? "unsupported_version" : "invalid_message";
            return deadLetter(message, channel, kind + ": " + e.reasons(), null, null);
        }

        SlackOutcome outcome = transport.post(rendered);
        if (outcome instanceof SlackOutcome.ConfigurationError && transport.refreshCredentials()) {
            // The secret was rotated. Slack refused the first attempt, so one more post cannot duplicate it.
            outcome = transport.post(rendered);
        }
        return switch (outcome) {
            case SlackOutcome.Delivered delivered -> {
                hold(delivered.sentNanos());
                record(message, channel, Outcome.DELIVERED, delivered, null, null);
                yield Disposition.DELETE;
            }
            case SlackOutcome.RateLimited limited ->
                    retry(message, channel, limited.retryAfter(), Outcome.RATE_LIMITED, outcome);
            case SlackOutcome.Transient failure ->
                    retry(message, channel, backoff.delay(message.receiveCount()), Outcome.TRANSIENT, outcome);
            case SlackOutcome.ConfigurationError error ->
                    // every message would fail alike: wait long and let the AuthFailure alarm call a human
                    retry(message, channel, backoff.cap(), Outcome.AUTH_FAILURE, outcome);
            case SlackOutcome.Permanent permanent ->
                    deadLetter(message, channel, "slack_error: " + permanent.detail(), permanent.error(), outcome);
        };
    }

    /**
     * Why the handler holds a delivered message: the message group (= channel) stays locked until the message is
     * deleted, so returning no earlier than one channel interval after the post left keeps every execution
     * environment from posting to this channel too soon. Pacing without a database, shared across all concurrency.
     * Counted from when the request left, not from Slack's answer: Slack counts a post when it arrives, and its
     * answer comes 150-500 ms later, time that would otherwise be added to every interval (0.78 of the limit at
     * 250 ms). The next post leaves after the hold plus a delete, a receive and a render, so it arrives at least
     * {@link #SEND_MARGIN} plus that work after this one unless the network delays this one by more; a rare early
     * arrival meets Slack's short-burst tolerance or a 429, which retries it in order.
     */
    private void hold(long sentNanos) {
        long remaining = config.channelInterval().plus(SEND_MARGIN).toNanos() - (clock.nanoTime() - sentNanos);
        if (remaining <= 0) {
            return;
        }
        try {
            clock.sleep(Duration.ofNanos(remaining));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Disposition retry(InboundMessage message, String channel, Duration delay, Outcome outcome,
                              SlackOutcome slack) {
        if (message.receiveCount() >= config.maxReceiveCount()) {
            return deadLetter(message, channel, "retries_exhausted: " + message.receiveCount()
                    + " attempts, last " + slack.error(), slack.error(), slack);
        }
        try {
            queue.retryAfter(message, delay);
        } catch (SdkException e) {
            // the queue's own visibility timeout still brings it back, only later
            LOG.warn("could not change visibility of {}: {}", message.messageId(), Redaction.describe(e));
        }
        record(message, channel, outcome, slack, detail(slack), Math.max(1, delay.toSeconds()));
        return Disposition.RETRY;
    }

    private Disposition deadLetter(InboundMessage message, String channel, String reason, String slackError,
                                   SlackOutcome slack) {
        try {
            queue.deadLetter(message, reason, slackError);
        } catch (SdkException e) {
            Duration delay = backoff.delay(message.receiveCount());
            LOG.warn("could not dead-letter {} ({}): {}; retrying in {}", message.messageId(), reason,
                    Redaction.describe(e), delay);
            try {
                queue.retryAfter(message, delay);
            } catch (SdkException again) {
                LOG.warn("could not change visibility of {}: {}", message.messageId(), Redaction.describe(again));
            }
            record(message, channel, Outcome.TRANSIENT, slack, "dead-letter send failed: " + reason,
                    delay.toSeconds());
            return Disposition.RETRY;
        }
        record(message, channel, Outcome.DEAD_LETTERED, slack, reason, null);
        return Disposition.DELETE;
    }

    private void record(InboundMessage message, String channel, Outcome outcome, SlackOutcome slack, String reason,
                        Long retryInSeconds) {
        Long queueAge = message.sentTimestamp() == null ? null
                : Math.max(0, clock.millis() - message.sentTimestamp().toEpochMilli());
        log.record(new DeliveryLog.Entry(message.messageId(), channel, outcome, message.receiveCount(), queueAge,
                slack == null ? null : slack.latency().toMillis(), slack == null ? null : slack.error(), reason,
                retryInSeconds, null, null));
    }

    private static String detail(SlackOutcome outcome) {
        return switch (outcome) {
            case SlackOutcome.Transient t -> t.detail();
            case SlackOutcome.Permanent p -> p.detail();
            case SlackOutcome.Delivered d -> null;
            case SlackOutcome.RateLimited r -> null;
            case SlackOutcome.ConfigurationError c -> "Slack credentials or configuration: " + c.error();
        };
    }

    /** The relay's configuration. */
    public RelayConfig config() {
        return config;
    }

    @Override
    public void close() {
        transport.close();
    }

    /**
     * Builds a {@link Relay}. Defaults: SQS and Secrets Manager clients from {@link SdkClients} (the latter only when
     * a secret ARN is configured), the delivery log on {@link System#out}, the {@linkplain RelayClock#system() system
     * clock}. The relay does not close the clients it is given. Not thread-safe.
     */
    public static final class Builder {
        private RelayConfig config;
        private SqsClient sqsClient;
        private SecretsManagerClient secretsManagerClient;
        private PrintStream deliveryLog = System.out;
        private RelayClock clock = RelayClock.system();
        private SlackTransport transport;

        private Builder() {
        }

        /** The configuration (required). */
        public Builder config(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The SQS client for visibility changes and dead letters. */
        public Builder sqsClient(SqsClient sqsClient) {
            this.sqsClient = Objects.requireNonNull(sqsClient, "sqsClient");
            return this;
        }

        /** The Secrets Manager client that reads the token or webhook secret, when its ARN is configured. */
        public Builder secretsManagerClient(SecretsManagerClient secretsManagerClient) {
            this.secretsManagerClient = Objects.requireNonNull(secretsManagerClient, "secretsManagerClient");
            return this;
        }

        /**
         * Where the per-message JSON lines (the EMF records) go; read them back with {@link DeliveryLog#parse} and
         * {@link DeliveryLog#lineSink}.
         */
        public Builder deliveryLog(PrintStream deliveryLog) {
            this.deliveryLog = Objects.requireNonNull(deliveryLog, "deliveryLog");
            return this;
        }

        /** The clock for the hold after a post, latencies, queue ages and the log's timestamps. */
        public Builder clock(RelayClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Tests: posts through this instead of the Slack SDK. */
        Builder transport(SlackTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * The relay, with its Slack client built (a Secrets Manager secret is read on first use).
         *
         * @throws NullPointerException if no configuration was given
         */
        public Relay build() {
            return new Relay(this);
        }
    }
}
