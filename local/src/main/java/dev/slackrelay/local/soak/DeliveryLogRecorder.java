package dev.slackrelay.local.soak;

import dev.slackrelay.relay.DeliveryLog;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the relay's delivery log (one JSON line per handled message, in-process or read from a poller process's
 * standard output) as entries, and counts lines of any kind that contain the Slack token. Thread-safe.
 */
final class DeliveryLogRecorder {

    /**
     * One handled message.
     *
     * @param outcome        {@code delivered}, {@code rate_limited}, {@code transient_failure}, {@code dead_lettered}
     *                       or {@code auth_failure}
     * @param slackError     Slack's error or the relay's short code ({@code io_error}, {@code http_503}), or null
     * @param retryInSeconds the visibility set for the next attempt, or 0
     * @param slackLatencyMs how long the post took, or 0
     * @param atMillis       wall-clock time the line was written
     */
    record Entry(String messageId, String channel, String outcome, String slackError, long retryInSeconds,
                 long slackLatencyMs, long atMillis) {

        boolean delivered() {
            return outcome.equals("delivered");
        }

        /** The relay did not learn whether Slack posted it: a timeout or a connection lost after sending. */
        boolean answerLost() {
            return outcome.equals("transient_failure") && "io_error".equals(slackError);
        }
    }

    private final String secret;
    private final List<Entry> entries = new ArrayList<>();
    private long secretLeaks;

    /** @param secret a value that must never appear in any line (the bot token) */
    DeliveryLogRecorder(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** Takes one line of output; lines that are not delivery log entries are only checked for the secret. */
    synchronized void accept(String line) {
        if (line.contains(secret)) {
            secretLeaks++;
        }
        DeliveryLog.parse(line).ifPresent(recorded -> {
            DeliveryLog.Entry e = recorded.entry();
            entries.add(new Entry(e.messageId(), e.channel(), e.outcome().label(), e.slackError(),
                    e.retryInSeconds() == null ? 0 : e.retryInSeconds(),
                    e.slackLatencyMs() == null ? 0 : e.slackLatencyMs(),
                    recorded.timestampMillis() > 0 ? recorded.timestampMillis() : System.currentTimeMillis()));
        });
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Lines that contained the secret: must be 0. */
    synchronized long secretLeaks() {
        return secretLeaks;
    }

    /** A stream that hands every complete line written to it to {@link #accept(String)}; for an in-process relay. */
    OutputStream lines() {
        return DeliveryLog.lineSink(this::accept);
    }
}
