package dev.slackrelay.ingest.alarm;

import dev.slackrelay.ingest.IngestConfig;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.queue.SqsLimits;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts SNS notifications on the relay queues: renders each with an {@link AlarmRenderer} and publishes it with the
 * SNS {@code MessageId} as idempotency key, so a notification SNS delivers twice within SQS's five-minute
 * deduplication window is posted once. Thread-safe; {@link #close()} closes the publisher.
 */
public final class AlarmForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmForwarder.class);

    private final AlarmRenderer renderer;
    private final SlackRelayPublisher publisher;

    private AlarmForwarder(AlarmRenderer renderer, SlackRelayPublisher publisher) {
        this.renderer = renderer;
        this.publisher = publisher;
    }

    /**
     * A forwarder to {@link IngestConfig#alarmChannel()} through the queues of {@link IngestConfig#publisher()}, with
     * its own SQS client; alarms are urgent when the configuration has an urgent queue.
     *
     * @throws IllegalStateException    if no alarm channel is configured
     * @throws IllegalArgumentException if the alarm channel cannot be a channel
     */
    public static AlarmForwarder create(IngestConfig config) {
        if (config.alarmChannel() == null) {
            throw new IllegalStateException(IngestConfig.ALARM_CHANNEL_VARIABLE
                    + " is not set: give the Slack channel alarm notifications go to");
        }
        return create(config.alarmChannel(), SlackRelayPublisher.builder().config(config.publisher()).build());
    }

    /**
     * A forwarder to {@code channel} through {@code publisher}, which it closes on {@link #close()}; alarms are
     * urgent when the publisher has an urgent queue.
     *
     * @throws IllegalArgumentException if {@code channel} cannot be a channel
     */
    public static AlarmForwarder create(String channel, SlackRelayPublisher publisher) {
        Objects.requireNonNull(publisher, "publisher");
        return new AlarmForwarder(AlarmRenderer.create(channel, publisher.config().urgentQueueUrl() != null),
                publisher);
    }

    /**
     * Renders and queues one notification.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if SQS refused it or could not be reached, after the
     *                                                            SDK's retries: deliver it again (SNS does)
     */
    public PublishReceipt forward(SnsNotification notification) {
        SlackMessage message = renderer.render(notification);
        String messageId = notification.messageId();
        // SNS message IDs are UUIDs; anything else is published with a fresh deduplication ID
        PublishReceipt receipt = publisher.publish(message,
                messageId != null && SqsLimits.isFifoId(messageId) ? messageId : null);
        LOG.info("queued SNS message {} as {} SQS message {}", printable(messageId), message.priority().wireName(),
                receipt.messageId());
        return receipt;
    }

    /** Closes the publisher (and its SQS client if it created one). Idempotent. */
    @Override
    public void close() {
        publisher.close();
    }

    private static String printable(String messageId) {
        return messageId != null && SqsLimits.isFifoId(messageId) ? messageId : "(without a usable MessageId)";
    }
}
