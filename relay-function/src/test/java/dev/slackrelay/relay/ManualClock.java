package dev.slackrelay.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link RelayClock} that moves only when told to, or when someone sleeps on it. Thread-safe. */
public final class ManualClock implements RelayClock {

    private Instant now = Instant.parse("2026-01-01T09:00:00Z");
    private long nanos = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    /** Moves both the wall clock and the monotonic reading forward. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    /** What was slept on this clock, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }
}
