package dev.slackrelay.relay;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.metrics.DeliveryLog;
import dev.slackrelay.relay.metrics.DeliveryLog.Outcome;
import dev.slackrelay.relay.secrets.SecretSource;
import dev.slackrelay.relay.secrets.SecretsManagerSource;
import dev.slackrelay.relay.slack.Redaction;
import dev.slackrelay.relay.slack.SlackClients;
import dev.slackrelay.relay.slack.SlackOutcome;
import dev.slackrelay.relay.slack.SlackTransport;
import dev.slackrelay.relay.slack.WebApiTransport;
import dev.slackrelay.relay.slack.WebhookTransport;
import dev.slackrelay.relay.sqs.QueueOperations;
import dev.slackrelay.relay.sqs.SdkClients;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The relay core: posts one queued message to Slack and decides what becomes of it. Knows nothing of Lambda; the
 * Lambda handler and the local poller both call {@link #handle(InboundMessage)}. Thread-safe: one instance serves
 * any number of concurrent messages.
 *
 * <p>Every message ends delivered or dead-lettered with a reason: a rate-limited or transiently failed message is
 * hidden for {@code Retry-After} or a backoff and retried, in order, blocking only its own channel; a message that can
 * never be posted goes to the dead-letter queue at once, so its channel moves on.
 */
public final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** Least time between two reads of a secret after authentication failures. */
    private static final Duration SECRET_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private final RelayConfig config;
    private final QueueOperations queue;
    private final SlackTransport transport;
    private final DeliveryLog log;
    private final Backoff backoff;
    private final Clock clock;

    /**
     * The relay for a configuration, with the SQS client built from the SDK's standard environment.
     */
    public static Relay create(RelayConfig config) {
        return create(config, SdkClients.sqs());
    }

    /** The relay for a configuration, using the given SQS client (for the local poller and tests). */
    public static Relay create(RelayConfig config, SqsClient sqs) {
        return create(config, sqs, System.out);
    }

    /**
     * The relay for a configuration, using the given SQS client and writing its per-message JSON lines (the EMF
     * records) to {@code deliveryLog} instead of standard output.
     */
    public static Relay create(RelayConfig config, SqsClient sqs, PrintStream deliveryLog) {
        return new Relay(config, new QueueOperations(sqs, config.queueUrl(), config.deadLetterQueueUrl()),
                transport(config), new DeliveryLog(config.metricsNamespace(), config.metricsService(), deliveryLog,
                Clock.systemUTC()), Clock.systemUTC());
    }

    Relay(RelayConfig config, QueueOperations queue, SlackTransport transport, DeliveryLog log, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap());
        LOG.info("slack-relay started: {}", config);
    }

    private static SlackTransport transport(RelayConfig config) {
        var slack = SlackClients.create(config.slackApiUrl(), config.slackTimeout());
        return config.usesWebhooks()
                ? new WebhookTransport(slack, secret(config.slackWebhooks(), config.slackWebhooksSecretArn()))
                : new WebApiTransport(slack, secret(config.slackBotToken(), config.slackBotTokenSecretArn()));
    }

    private static SecretSource secret(String inline, String arn) {
        // the client is built at start-up (and so is in a SnapStart snapshot); the secret is read on first use
        return inline != null ? SecretSource.fixed(inline)
                : new SecretsManagerSource(SdkClients.secretsManager(), arn, SECRET_REFRESH_INTERVAL);
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
                hold(delivered.answeredNanos());
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
     * deleted, so returning no earlier than one channel interval after Slack answered keeps every execution
     * environment from posting to this channel too soon. Pacing without a database, shared across all concurrency.
     * Counted from the answer, not from sending: the request arrived at Slack somewhere in between, and only the
     * answer proves when at the latest, so no two posts can arrive closer than the interval.
     */
    private void hold(long answeredNanos) {
        long remaining = config.channelInterval().toNanos() - (System.nanoTime() - answeredNanos);
        if (remaining <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(remaining));
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
                retryInSeconds));
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
}
