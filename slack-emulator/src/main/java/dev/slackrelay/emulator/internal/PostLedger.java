package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorOptions;
import dev.slackrelay.emulator.EmulatorStats;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The emulator's memory: rate-limit buckets, the record of accepted posts and every counter.
 *
 * <p>Thread-safe: everything is guarded by {@code this}; admission (rate check, timestamp, spacing check, record) is
 * one atomic step, so the record's order is the acceptance order.
 */
public final class PostLedger {

    private final LongSupplier nanoTime;
    private final InstantSource clock;
    private final long originNanos;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final RateLimiter limiter;

    private final List<AcceptedPost> posts = new ArrayList<>();
    private final Map<String, Long> lastAcceptedNanos = new HashMap<>();
    private final Map<String, long[]> channelCounters = new HashMap<>();
    private final Map<String, Long> errors = new HashMap<>();
    private final Map<String, Long> faults = new HashMap<>();
    private long accepted;
    private long rateLimited;
    private long spacingViolations;
    private long lastTsMicros;

    public PostLedger(EmulatorOptions options, LongSupplier nanoTime, InstantSource clock) {
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.originNanos = nanoTime.getAsLong();
        this.intervalNanos = options.channelInterval().toNanos();
        this.toleranceNanos = options.spacingTolerance().toNanos();
        this.limiter = new RateLimiter(options.ratePerSecond(), options.burst(), options.workspacePerMinute(),
                options.effectiveWorkspaceBurst());
    }

    /**
     * Accepts and records a valid post if the buckets of {@code bucketKey} and the workspace allow it.
     *
     * @param channelRate the channel's own rate (posts per second) instead of the emulator's, if it has one
     * @return {@link PostResult.Accepted} or {@link PostResult.RateLimited}
     */
    synchronized PostResult admit(String channel, String bucketKey, JsonNode payload, AcceptedPost.Source source,
                                  OptionalDouble channelRate) {
        long now = nanoTime.getAsLong();
        long wait = limiter.tryAcquire(bucketKey, now, channelRate);
        long[] counters = channelCounters.computeIfAbsent(channel, c -> new long[3]);
        if (wait > 0) {
            rateLimited++;
            counters[1]++;
            return new PostResult.RateLimited(Math.max(1, Math.ceilDiv(wait, 1_000_000_000L)));
        }
        Long previous = lastAcceptedNanos.put(channel, now);
        if (previous != null && intervalNanos > 0 && now - previous + toleranceNanos < intervalNanos) {
            spacingViolations++;
            counters[2]++;
        }
        accepted++;
        counters[0]++;
        Instant arrival = clock.instant();
        AcceptedPost post = new AcceptedPost(channel, nextTs(arrival), arrival, (now - originNanos) / 1e6, source,
                payload);
        posts.add(post);
        return new PostResult.Accepted(post);
    }

    /** Counts an error answer by the code the client saw. */
    synchronized void countError(String code) {
        errors.merge(code, 1L, Long::sum);
    }

    synchronized void countFault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    public synchronized List<AcceptedPost> posts() {
        return List.copyOf(posts);
    }

    public synchronized List<AcceptedPost> posts(String channel) {
        return posts.stream().filter(p -> p.channel().equals(channel)).toList();
    }

    public synchronized EmulatorStats stats() {
        Map<String, EmulatorStats.ChannelStats> channels = new HashMap<>();
        channelCounters.forEach((channel, c) -> channels.put(channel, new EmulatorStats.ChannelStats(c[0], c[1], c[2])));
        return new EmulatorStats(accepted, rateLimited, errors, faults, spacingViolations, channels);
    }

    /** Forgets posts, counters and buckets; timestamps keep increasing. */
    public synchronized void reset() {
        posts.clear();
        lastAcceptedNanos.clear();
        channelCounters.clear();
        errors.clear();
        faults.clear();
        accepted = 0;
        rateLimited = 0;
        spacingViolations = 0;
        limiter.reset();
    }

    // Slack's ts: epoch seconds "." six digits; made unique and increasing even when the wall clock stalls or steps back.
    private String nextTs(Instant arrival) {
        long micros = Math.max(lastTsMicros + 1, arrival.getEpochSecond() * 1_000_000L + arrival.getNano() / 1_000);
        lastTsMicros = micros;
        return "%d.%06d".formatted(micros / 1_000_000L, micros % 1_000_000L);
    }
}
