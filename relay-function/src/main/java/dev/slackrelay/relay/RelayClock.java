package dev.slackrelay.relay;

import dev.slackrelay.relay.internal.time.SystemClock;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The relay's one source of time: wall-clock instants for what it records (the delivery log's timestamp, how long a
 * message waited in the queue), a monotonic reading for intervals (Slack's latency, the hold after a post, how long
 * ago a secret was read) and the wait itself. {@link #system()} is the real clock; tests give the
 * {@linkplain Relay.Builder#clock(RelayClock) builder} a manual one. Implementations must be thread-safe.
 */
public interface RelayClock extends InstantSource {

    /** A monotonic reading in nanoseconds, comparable only with other readings of this clock (as {@link System#nanoTime()}). */
    long nanoTime();

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system's clock: {@link System#currentTimeMillis()}, {@link System#nanoTime()} and {@link Thread#sleep}. */
    static RelayClock system() {
        return SystemClock.INSTANCE;
    }
}
