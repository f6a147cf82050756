package dev.slackrelay.relay.internal.slack;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.render.RenderedMessage;

/** Posts one rendered message to Slack, exactly once per call: implementations never retry a post. Thread-safe. */
public interface SlackTransport extends AutoCloseable {

    /** Posts the message and classifies the answer; never throws for Slack's or the network's failures. */
    SlackOutcome post(RenderedMessage message);

    /**
     * Replaces the content of the message {@code ts} of the message's channel ({@code chat.update}) and classifies
     * the answer; never throws.
     */
    SlackOutcome update(String ts, RenderedMessage message);

    /**
     * The keyed top-level messages among the latest {@code limit} of a channel's history since {@code oldest}
     * ({@code conversations.history} with metadata), newest first; never throws.
     */
    SlackAnswer<List<KeyedPost>> keyedHistory(String channel, Instant oldest, int limit);

    /** The ID of the user with that e-mail address, or empty when Slack knows none ({@code users.lookupByEmail}). */
    SlackAnswer<Optional<String>> userByEmail(String email);

    /**
     * Uploads files into a channel, or into a thread of it ({@code threadTs}), as one message: Slack's external
     * upload flow ({@code files.getUploadURLExternal}, the upload, {@code files.completeUploadExternal}), classified
     * like a post; never throws. {@link SlackOutcome.Delivered#sentNanos()} is when the completion had left.
     */
    SlackOutcome upload(String channel, String threadTs, List<FileUpload> files);

    /**
     * Re-reads credentials after a {@link SlackOutcome.ConfigurationError}, as after a token rotation.
     *
     * @return whether they changed, so that one more attempt may succeed
     */
    boolean refreshCredentials();

    @Override
    void close();
}
