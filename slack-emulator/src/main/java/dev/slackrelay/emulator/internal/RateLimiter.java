package dev.slackrelay.emulator.internal;

import dev.slackrelay.emulator.MethodRate;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Token buckets per key (channel or webhook) plus an optional workspace-wide bucket, and one bucket per rate-limited
 * Web API method (its Slack tier), as the generic cell rate
 * algorithm: each bucket keeps the theoretical arrival time of its next post in long nanoseconds, so refills never
 * drift and "accepted" agrees exactly with the spacing check. Only a successful acquisition takes a token.
 *
 * <p>Not thread-safe: callers hold the ledger's lock.
 */
final class RateLimiter {

    private final Bucket perKey;
    private final Bucket workspace;
    private final Map<String, Long> keyTat = new HashMap<>();
    private long workspaceTat = Long.MIN_VALUE;
    private final Map<String, Bucket> methods = new HashMap<>();
    private final Map<String, Long> methodTat = new HashMap<>();

    /**
     * @param perSecond          per-key rate; 0 means no per-key limit
     * @param burst              per-key bucket size
     * @param workspacePerMinute workspace rate; 0 means no workspace limit
     * @param workspaceBurst     workspace bucket size
     * @param methodRates        method → its workspace rate
     */
    RateLimiter(double perSecond, int burst, int workspacePerMinute, int workspaceBurst,
                Map<String, MethodRate> methodRates) {
        methodRates.forEach((method, rate) -> {
            if (rate.limited()) {
                methods.put(method, Bucket.of(Math.round(60e9 / rate.perMinute()), rate.burst()));
            }
        });
        this.perKey = perSecond > 0 ? Bucket.of(Math.round(1e9 / perSecond), burst) : null;
        this.workspace = workspacePerMinute > 0
                ? Bucket.of(Math.round(60e9 / workspacePerMinute), workspaceBurst) : null;
    }

    /**
     * Takes a token from the key's bucket and the workspace bucket if both have one.
     *
     * @param keyRate a rate (per second, burst 1) for this key instead of the configured one, if present
     * @return 0 when taken; otherwise the nanoseconds until both buckets would have a token (nothing taken)
     */
    long tryAcquire(String key, long now, OptionalDouble keyRate) {
        Bucket keyBucket = keyRate.isPresent() ? Bucket.of(Math.round(1e9 / keyRate.getAsDouble()), 1) : perKey;
        long keyWait = keyBucket == null ? 0 : keyBucket.wait(keyTat.getOrDefault(key, Long.MIN_VALUE), now);
        long workspaceWait = workspace == null ? 0 : workspace.wait(workspaceTat, now);
        long wait = Math.max(keyWait, workspaceWait);
        if (wait > 0) {
            return wait;
        }
        if (keyBucket != null) {
            keyTat.put(key, keyBucket.next(keyTat.getOrDefault(key, Long.MIN_VALUE), now));
        }
        if (workspace != null) {
            workspaceTat = workspace.next(workspaceTat, now);
        }
        return 0;
    }

    /**
     * Takes a token from the bucket of {@code method}, if it has one.
     *
     * @return 0 when taken or the method is not limited; otherwise the nanoseconds until a token is there
     */
    long tryAcquireMethod(String method, long now) {
        Bucket bucket = methods.get(method);
        if (bucket == null) {
            return 0;
        }
        long tat = methodTat.getOrDefault(method, Long.MIN_VALUE);
        long wait = bucket.wait(tat, now);
        if (wait == 0) {
            methodTat.put(method, bucket.next(tat, now));
        }
        return wait;
    }

    void reset() {
        methodTat.clear();
        keyTat.clear();
        workspaceTat = Long.MIN_VALUE;
    }

    /** {@code interval} between tokens, {@code tolerance} = (burst - 1) intervals of credit. */
    private record Bucket(long interval, long tolerance) {
        static Bucket of(long interval, int burst) {
            long safeInterval = Math.max(1, interval);
            return new Bucket(safeInterval, (burst - 1) * safeInterval);
        }

        long wait(long tat, long now) {
            if (tat == Long.MIN_VALUE) {
                return 0;
            }
            return Math.max(0, tat - tolerance - now);
        }

        long next(long tat, long now) {
            return (tat == Long.MIN_VALUE ? now : Math.max(tat, now)) + interval;
        }
    }
}
