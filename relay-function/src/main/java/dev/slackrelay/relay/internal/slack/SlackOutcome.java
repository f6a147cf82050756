package dev.slackrelay.relay.internal.slack;

import java.time.Duration;

/**
 * What one attempt to post told us, classified once (see {@link SlackErrors}). The relay switches over these with
 * no default, so a new kind of outcome cannot be forgotten.
 */
public sealed interface SlackOutcome {

    /** Time from sending the request to the answer (or failure). */
    Duration latency();

    /** Slack's error code, or a short code of ours such as {@code http_503} or {@code io_error}. */
    String error();

    /**
     * Slack accepted the post.
     *
     * @param sentNanos the {@linkplain dev.slackrelay.relay.RelayClock#nanoTime() relay clock's monotonic time} when
     *                  the request had left: the moment the channel interval counts from
     */
    record Delivered(String ts, Duration latency, long sentNanos) implements SlackOutcome {
        @Override
        public String error() {
            return null;
        }
    }

    /** HTTP 429: try again no sooner than {@code retryAfter}. */
    record RateLimited(Duration retryAfter, Duration latency) implements SlackOutcome {
        @Override
        public String error() {
            return "ratelimited";
        }
    }

    /** Slack or the network failed in a way that may pass (5xx, timeouts, IO). The post may have reached Slack. */
    record Transient(String error, String detail, Duration latency) implements SlackOutcome {
    }

    /** This message can never be posted as it is (for example {@code channel_not_found}, {@code invalid_blocks}). */
    record Permanent(String error, String detail, Duration latency) implements SlackOutcome {
    }

    /** The credentials or configuration are wrong, so every message would fail the same way. */
    record ConfigurationError(String error, Duration latency) implements SlackOutcome {
    }
}
