package dev.slackrelay.queue;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The limits of SQS that the relay's producers and consumers must respect, in one place: the publisher checks them
 * before sending, the relay before changing a visibility, the local pipeline when it creates its queues.
 */
public final class SqsLimits {

    /** The largest message SQS accepts (body plus attributes, in UTF-8), and the queues' {@code MaximumMessageSize}. */
    public static final int MAX_MESSAGE_BYTES = 1_048_576;

    /** The longest visibility timeout SQS allows: no message can be hidden longer. */
    public static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    /**
     * What SQS accepts as a FIFO {@code MessageGroupId} or {@code MessageDeduplicationId}: 1-128 printable ASCII
     * characters without spaces.
     */
    public static final Pattern FIFO_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private SqsLimits() {
    }

    /** Whether {@code id} is a valid FIFO message group or deduplication ID. */
    public static boolean isFifoId(String id) {
        return id != null && FIFO_ID.matcher(id).matches();
    }

    /** {@code delay} as an SQS visibility timeout: whole seconds, rounded up, between 0 and {@link #MAX_VISIBILITY}. */
    public static int visibilitySeconds(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return (int) Math.min(MAX_VISIBILITY.toSeconds(), Math.max(0, seconds));
    }
}
