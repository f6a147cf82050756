package dev.slackrelay.ingest;

import dev.slackrelay.queue.SqsLimits;

/**
 * Where the messages of one Slack-compatible webhook URL ({@code POST /hooks/{hookId}}) go. Immutable and
 * thread-safe.
 *
 * @param channel         the Slack channel (also the SQS message group); the hook decides it, whatever the payload
 *                        says
 * @param allowBroadcasts whether {@code <!channel>}, {@code <!here>} and {@code <!everyone>} in the payload stay
 *                        live; when {@code false} they are defused
 */
public record HookTarget(String channel, boolean allowBroadcasts) {

    public HookTarget {
        if (!SqsLimits.isFifoId(channel)) {
            throw new IllegalArgumentException("a hook's channel must be 1-128 printable ASCII characters without "
                    + "spaces, e.g. C0123456789 or #alerts");
        }
    }

    /** A hook that defuses broadcast mentions. */
    public static HookTarget of(String channel) {
        return new HookTarget(channel, false);
    }
}
