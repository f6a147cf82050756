package dev.slackrelay.local.pipeline;

import java.time.Instant;

import dev.slackrelay.emulator.AcceptedPost;

/**
 * One post Slack accepted, as the emulator recorded it or the relay logged it. Immutable and thread-safe.
 *
 * @param channel   the channel it went to
 * @param messageId the SQS message ID of the published message it was, or {@code null} if it matches none
 * @param atMillis  wall-clock time of acceptance, in epoch milliseconds (with a fraction where known)
 * @param text      its text, for explaining a post that matches nothing; may be empty
 */
public record Delivery(String channel, String messageId, double atMillis, String text) {

    /** A post from the emulator's record, identified as the published message {@code messageId} (or none). */
    public static Delivery of(AcceptedPost post, String messageId) {
        Instant at = post.arrival();
        return new Delivery(post.channel(), messageId, at.getEpochSecond() * 1000.0 + at.getNano() / 1e6,
                post.text());
    }
}
