package dev.slackrelay.relay;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter, by delivery attempt. Thread-safe. */
final class Backoff {

    private final Duration base;
    private final Duration cap;

    Backoff(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /**
     * The delay before attempt {@code receiveCount + 1}: between half and all of {@code base × 2^(receiveCount-1)},
     * capped, in whole seconds (SQS visibility timeouts are whole seconds), at least one second.
     */
    Duration delay(int receiveCount) {
        int exponent = Math.min(Math.max(receiveCount - 1, 0), 30);
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << exponent);
        if (ceiling <= 0) {
            ceiling = cap.toMillis();
        }
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /** The longest delay, used while credentials are broken. */
    Duration cap() {
        return cap;
    }
}
