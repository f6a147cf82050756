package dev.slackrelay.local.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.slackrelay.emulator.AcceptedPost;

/**
 * One published message Slack accepted, as the emulator recorded it or the relay logged it. A post carries one
 * message, or several (a digest): then each has a delivery of its own, all with the post's {@code post} key and
 * arrival. Immutable and thread-safe.
 *
 * @param channel   the channel it went to
 * @param messageId the SQS message ID of the published message it was, or {@code null} if it matches none
 * @param atMillis  wall-clock time the post carrying it was accepted, in epoch milliseconds (with a fraction where
 *                  known)
 * @param text      the post's text, for explaining a post that matches nothing; may be empty
 * @param post      what identifies the post that carried it (Slack's {@code ts}), shared by a digest's messages; or
 *                  {@code null} when unknown, and then it counts as a post of its own
 */
public record Delivery(String channel, String messageId, double atMillis, String text, String post) {

    /** A message that was a post of its own (the post unknown). */
    public Delivery(String channel, String messageId, double atMillis, String text) {
        this(channel, messageId, atMillis, text, null);
    }

    /**
     * The messages one post from the emulator's record carried, in the order it shows them; one delivery of no
     * message ({@code messageId} {@code null}) if it carried none that was published.
     *
     * @param messageIds the SQS message IDs of the published messages in the post, in order; an entry may be
     *                   {@code null} for a notification that matches nothing published
     */
    public static List<Delivery> of(AcceptedPost post, List<String> messageIds) {
        Instant at = post.arrival();
        double atMillis = at.getEpochSecond() * 1000.0 + at.getNano() / 1e6;
        List<Delivery> deliveries = new ArrayList<>();
        for (String id : messageIds.isEmpty() ? Collections.<String>singletonList(null) : messageIds) {
            deliveries.add(new Delivery(post.channel(), id, atMillis, post.text(), post.ts()));
        }
        return List.copyOf(deliveries);
    }
}
