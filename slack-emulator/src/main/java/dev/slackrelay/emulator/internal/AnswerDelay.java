package dev.slackrelay.emulator.internal;

import dev.slackrelay.emulator.AnswerLatency;
import java.time.Duration;
import java.util.Random;

/**
 * Draws the processing delay of each post answer from {@link AnswerLatency}.
 *
 * <p>Thread-safe.
 */
final class AnswerDelay {

    private final AnswerLatency latency;
    private final Random random;

    AnswerDelay(AnswerLatency latency) {
        this.latency = latency;
        this.random = new Random(latency.seed());
    }

    synchronized Duration next() {
        return latency.isZero() ? Duration.ZERO : latency.delay(random.nextDouble());
    }
}
