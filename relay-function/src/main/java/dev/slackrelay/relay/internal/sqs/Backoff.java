package dev.slackrelay.relay.internal.sqs;

import java.time.Duration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * When SQS should deliver a failed message again: the AWS SDK's capped exponential backoff with half jitter
 * ({@link BackoffStrategy#exponentialDelayHalfJitter}), by receive count, in the whole seconds that a visibility
 * timeout takes. Thread-safe.
 */
public final class Backoff {

    /** Past this many attempts the SDK's delay no longer grows; it also keeps {@code receiveCount + 1} from overflowing. */
    private static final int MAX_EXPONENT_ATTEMPTS = 30;

    private final BackoffStrategy strategy;
    private final Duration cap;

    public Backoff(Duration base, Duration cap) {
        this.strategy = BackoffStrategy.exponentialDelayHalfJitter(base, cap);
        this.cap = cap;
    }

    /**
     * The delay before attempt {@code receiveCount + 1}: between half and all of {@code base × 2^(receiveCount-1)},
     * capped, rounded up to whole seconds, at least one second.
     */
    public Duration delay(int receiveCount) {
        // the SDK counts the attempt the delay comes before, and the first attempt has none
        int attempt = Math.min(Math.max(receiveCount, 1), MAX_EXPONENT_ATTEMPTS) + 1;
        long millis = strategy.computeDelay(attempt).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /** The longest delay, used while credentials are broken. */
    public Duration cap() {
        return cap;
    }
}
