package dev.slackrelay.local.sqs;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.slackrelay.queue.SqsLimits;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One {@code AWS::SQS::Queue} of the template, with every intrinsic function resolved as far as it can be without a
 * deployment. Immutable and thread-safe.
 *
 * @param logicalId the resource's logical ID in the template ({@code RelayQueue}, {@code DeadLetterQueue})
 * @param nameSuffix the part of the queue name that does not depend on the stack: for
 *     {@code QueueName: !Sub "${AWS::StackName}-dlq.fifo"} it is {@code -dlq.fifo}; without a {@code QueueName} it
 *     is {@code .fifo} for a FIFO queue and empty otherwise
 * @param attributes the queue's attributes as SQS names them, with values as SQS expects them (strings). The
 *     {@code RedrivePolicy} is not among them: its target ARN exists only once the dead-letter queue does, so it is
 *     described by {@link #maxReceiveCount()} and {@link #deadLetterTargetLogicalId()}
 * @param maxReceiveCount the redrive policy's {@code maxReceiveCount}, or 0 if the queue has no redrive policy
 * @param deadLetterTargetLogicalId the logical ID of the redrive policy's target queue, or {@code null} if the queue
 *     has no redrive policy
 */
public record QueueSpec(String logicalId, String nameSuffix, Map<QueueAttributeName, String> attributes,
                        int maxReceiveCount, String deadLetterTargetLogicalId) {

    public QueueSpec {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(nameSuffix, "nameSuffix");
        EnumMap<QueueAttributeName, String> copy = new EnumMap<>(QueueAttributeName.class);
        copy.putAll(attributes);
        attributes = Collections.unmodifiableMap(copy);
        if ((deadLetterTargetLogicalId == null) != (maxReceiveCount == 0)) {
            throw new IllegalArgumentException(
                    "a redrive policy needs both a target and a maxReceiveCount > 0 (" + logicalId + ")");
        }
        if (maxReceiveCount < 0) {
            throw new IllegalArgumentException("maxReceiveCount must not be negative: " + maxReceiveCount);
        }
    }

    /** Whether the queue moves messages to a dead-letter queue after {@link #maxReceiveCount()} receives. */
    public boolean hasRedrivePolicy() {
        return deadLetterTargetLogicalId != null;
    }

    /** Whether the template declares the queue FIFO. */
    public boolean fifo() {
        return Boolean.parseBoolean(attributes.get(QueueAttributeName.FIFO_QUEUE));
    }

    /** The queue's default visibility timeout: the template's, or SQS's default of 30 s if it sets none. */
    public Duration visibilityTimeout() {
        String seconds = attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT);
        return Duration.ofSeconds(seconds == null ? 30 : Long.parseLong(seconds));
    }

    /** A copy with another visibility timeout (whole seconds, as SQS has it). */
    public QueueSpec withVisibilityTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.toMillis() % 1000 != 0
                || timeout.compareTo(SqsLimits.MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("visibility timeout must be 0.." + SqsLimits.MAX_VISIBILITY.toSeconds()
                    + " whole seconds: " + timeout);
        }
        EnumMap<QueueAttributeName, String> copy = new EnumMap<>(QueueAttributeName.class);
        copy.putAll(attributes);
        copy.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(timeout.toSeconds()));
        return new QueueSpec(logicalId, nameSuffix, copy, maxReceiveCount, deadLetterTargetLogicalId);
    }

    /** A copy with another {@code maxReceiveCount}; the queue must already have a redrive policy. */
    public QueueSpec withMaxReceiveCount(int count) {
        if (!hasRedrivePolicy()) {
            throw new IllegalStateException(logicalId + " has no redrive policy");
        }
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000: " + count);
        }
        return new QueueSpec(logicalId, nameSuffix, attributes, count, deadLetterTargetLogicalId);
    }
}
