package dev.slackrelay.relay.internal.time;

import dev.slackrelay.relay.RelayClock;
import java.time.Duration;
import java.time.Instant;

/** {@link RelayClock#system()}. Stateless and thread-safe. */
public enum SystemClock implements RelayClock {
    INSTANCE;

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }
}
