package dev.slackrelay.local.demo;

import dev.slackrelay.relay.DeliveryLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives the relay's delivery log (one JSON line per handled message) and keeps what the report needs when no
 * emulator records the posts: which messages were delivered, in which order, and how many 429s each channel got.
 * Optionally copies every line to another stream (the {@code --delivery-log} file). Thread-safe.
 */
final class RelayLogTap extends OutputStream {

    /** One {@code delivered} line. */
    record Delivered(String messageId, String channel, long atMillis) {
    }

    private final OutputStream copy;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<Delivered> delivered = new ArrayList<>();
    private final Map<String, Long> rateLimited = new HashMap<>();
    private long totalRateLimited;

    /** @param copy where every line is copied to as well, or {@code null} */
    RelayLogTap(OutputStream copy) {
        this.copy = copy;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (copy != null) {
            copy.write(b);
        }
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (copy != null) {
            copy.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (copy != null) {
            copy.close();
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8).trim();
        line.reset();
        DeliveryLog.parse(text).ifPresent(recorded -> {
            DeliveryLog.Entry entry = recorded.entry();
            switch (entry.outcome()) {
                case DELIVERED -> delivered.add(new Delivered(entry.messageId(), entry.channel(),
                        System.currentTimeMillis()));
                case RATE_LIMITED -> {
                    rateLimited.merge(entry.channel(), 1L, Long::sum);
                    totalRateLimited++;
                }
                case TRANSIENT, DEAD_LETTERED, AUTH_FAILURE -> {
                }
            }
        });
    }

    /** The delivered messages so far, in the order the relay reported them. */
    synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** 429 answers the relay reported for {@code channel}. */
    synchronized long rateLimited(String channel) {
        return rateLimited.getOrDefault(channel, 0L);
    }

    /** 429 answers the relay reported, over all channels. */
    synchronized long rateLimited() {
        return totalRateLimited;
    }
}
