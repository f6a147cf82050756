package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.relay.metrics.DeliveryLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Takes the relay's delivery log (one JSON line per handled message) in place of {@code System.out}, so the
 * benchmark's table stays readable, and counts the lines by {@code outcome}. Thread-safe.
 */
final class OutcomeCounter extends OutputStream {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Map<String, Long> counts = new TreeMap<>();

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            DeliveryLog.parse(line.toString(StandardCharsets.UTF_8))
                    .ifPresent(r -> counts.merge(r.entry().outcome().label(), 1L, Long::sum));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
