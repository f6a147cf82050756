package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.relay.DeliveryLog;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Takes the relay's delivery log (one JSON line per handled message) in place of {@code System.out}, so the
 * benchmark's table stays readable, and counts the lines by {@code outcome}. Thread-safe.
 */
final class OutcomeCounter {

    private final Map<String, Long> counts = new TreeMap<>();
    private final OutputStream sink = DeliveryLog.lineSink(line -> DeliveryLog.parse(line)
            .ifPresent(r -> count(r.entry().outcome().label())));

    /** Where the relay writes its log. */
    OutputStream sink() {
        return sink;
    }

    private synchronized void count(String outcome) {
        counts.merge(outcome, 1L, Long::sum);
    }

    synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
