package dev.slackrelay.benchmarks.report;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Call latencies of one variant, recorded from many threads into a preallocated array (calls beyond its capacity are
 * counted by no percentile). Thread-safe for {@link #record(long)}; read the percentiles after every recording thread
 * is done.
 */
public final class Latencies {

    private final long[] nanos;
    private final AtomicInteger size = new AtomicInteger();

    public Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    public void record(long elapsedNanos) {
        int i = size.getAndIncrement();
        if (i < nanos.length) {
            nanos[i] = elapsedNanos;
        }
    }

    public int count() {
        return Math.min(size.get(), nanos.length);
    }

    /** The {@code p}-th percentile (0 &lt; p ≤ 100) in milliseconds, nearest-rank; NaN when nothing was recorded. */
    public double percentileMillis(double p) {
        int n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.clamp(rank - 1, 0, n - 1)] / 1e6;
    }
}
