package dev.slackrelay.local.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.slackrelay.relay.DeliveryLog;

/**
 * Keeps the relay's delivery log (one JSON line per handled message, written by a relay in this JVM or read from a
 * poller process's output) as entries, counts lines of any kind that contain the bot token, and optionally copies
 * every line to another stream. Thread-safe.
 */
public final class DeliveryRecorder {

    /**
     * One handled message.
     *
     * @param outcome        {@code delivered}, {@code rate_limited}, {@code transient_failure}, {@code dead_lettered}
     *                       or {@code auth_failure}
     * @param slackError     Slack's error or the relay's short code ({@code io_error}, {@code http_503}), or null
     * @param retryInSeconds the visibility set for the next attempt, or 0
     * @param slackLatencyMs how long the post took, or 0
     * @param atMillis       wall-clock time the line was written
     * @param ts             the {@code ts} of the post that carried the message, or {@code null} (not delivered, or
     *                       an incoming webhook)
     * @param postSize       how many messages that post carried (more than 1: a digest), or 0 when not posted
     */
    public record Entry(String messageId, String channel, String outcome, String slackError, long retryInSeconds,
                        long slackLatencyMs, long atMillis, String ts, int postSize) {

        public boolean delivered() {
            return outcome.equals("delivered");
        }

        public boolean rateLimited() {
            return outcome.equals("rate_limited");
        }

        /** The relay did not learn whether Slack posted it: a timeout or a connection lost after sending. */
        public boolean answerLost() {
            return outcome.equals("transient_failure") && "io_error".equals(slackError);
        }
    }

    private final String secret;
    private final OutputStream copy;
    private final List<Entry> entries = new ArrayList<>();
    private final OutputStream sink = DeliveryLog.lineSink(this::accept);
    private long secretLeaks;

    /**
     * @param secret a value that must never appear in any line (the bot token), or {@code null} for none
     * @param copy   where every line is copied to as well, or {@code null}; not closed here
     */
    DeliveryRecorder(String secret, OutputStream copy) {
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.copy = copy;
    }

    /** Takes one line of output; lines that are not delivery log entries are only copied and checked. */
    public synchronized void accept(String line) {
        if (secret != null && line.contains(secret)) {
            secretLeaks++;
        }
        if (copy != null) {
            try {
                copy.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                copy.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the delivery log", e);
            }
        }
        DeliveryLog.parse(line).ifPresent(recorded -> {
            DeliveryLog.Entry e = recorded.entry();
            entries.add(new Entry(e.messageId(), e.channel(), e.outcome().label(), e.slackError(),
                    e.retryInSeconds() == null ? 0 : e.retryInSeconds(),
                    e.slackLatencyMs() == null ? 0 : e.slackLatencyMs(),
                    recorded.timestampMillis() > 0 ? recorded.timestampMillis() : System.currentTimeMillis(),
                    e.ts(), e.postSize() == null ? 0 : e.postSize()));
        });
    }

    /** A stream that hands every complete line written to it to {@link #accept(String)}: a relay's log stream. */
    public OutputStream sink() {
        return sink;
    }

    /** Every entry so far, in the order logged. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The {@code delivered} entries so far as deliveries, in the order logged: what the relay saw Slack accept. The
     * messages of one digest share its {@code ts} and so count as one post.
     */
    public synchronized List<Delivery> deliveries() {
        return entries.stream().filter(Entry::delivered)
                .map(e -> new Delivery(e.channel(), e.messageId(), e.atMillis(), "", e.ts())).toList();
    }

    /** Entries so far by outcome label. */
    public synchronized Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        entries.forEach(e -> counts.merge(e.outcome(), 1L, Long::sum));
        return counts;
    }

    /** Lines that contained the bot token: must be 0. */
    public synchronized long secretLeaks() {
        return secretLeaks;
    }
}
