package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.emulator.SlackEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls the emulator's counters every {@link #PERIOD} and turns each increase of a channel's 429 count into
 * timed events. The emulator counts 429s but does not record when they happened, so their times in the chart are
 * these sample times: exact to within one period. Thread-safe.
 */
final class RateLimitSampler implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(100);

    /** One 429 answer, seen at {@code seconds} after the run's start. */
    record RateLimited(String channel, double seconds) {
    }

    private final SlackEmulator emulator;
    private final Instant origin;
    private final Map<String, Long> seen = new HashMap<>();
    private final List<RateLimited> events = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    RateLimitSampler(SlackEmulator emulator, Instant origin) {
        this.emulator = emulator;
        this.origin = origin;
        this.thread = Thread.ofPlatform().daemon().name("b1-429-sampler").start(this::loop);
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        EmulatorStats stats = emulator.stats();
        double seconds = Duration.between(origin, Instant.now()).toNanos() / 1e9;
        stats.channels().forEach((channel, counters) -> {
            long before = seen.getOrDefault(channel, 0L);
            for (long i = before; i < counters.rateLimited(); i++) {
                events.add(new RateLimited(channel, seconds));
            }
            seen.put(channel, counters.rateLimited());
        });
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    synchronized List<RateLimited> events() {
        return List.copyOf(events);
    }
}
