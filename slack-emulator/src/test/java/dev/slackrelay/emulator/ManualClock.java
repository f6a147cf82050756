package dev.slackrelay.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, so rate-limit tests need neither sleeps nor timing luck. */
final class ManualClock implements InstantSource {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    long nanoTime() {
        return nanos.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public Instant instant() {
        return START.plusNanos(nanos.get());
    }
}
