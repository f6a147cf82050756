package dev.slackrelay.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as it stands now in a channel: posted by {@code chat.postMessage}, a webhook or a file share, then
 * possibly edited by {@code chat.update} and replied to.
 *
 * <p>Immutable and thread-safe: {@link #message()} hands out a copy.
 *
 * @param channel   the channel
 * @param ts        its timestamp
 * @param source    how it was posted
 * @param threadTs  the parent's timestamp for a reply, null for a top-level message
 * @param broadcast whether a reply was also sent to the channel ({@code reply_broadcast})
 * @param message   the message as {@code conversations.history} shows it, metadata always included ({@code text},
 *                  {@code blocks}, {@code metadata}, {@code files}, {@code edited}, {@code reply_count}, ...)
 * @param edits     the accepted {@code chat.update}s of it, oldest first
 * @param files     the files it shares
 */
public record ChannelMessage(
        String channel, String ts, AcceptedPost.Source source, String threadTs, boolean broadcast, JsonNode message,
        List<AcceptedUpdate> edits, List<UploadedFile> files) {

    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(source, "source");
        message = Objects.requireNonNull(message, "message").deepCopy();
        edits = List.copyOf(edits);
        files = List.copyOf(files);
    }

    /** A copy of the message. */
    @Override
    public JsonNode message() {
        return message.deepCopy();
    }

    /** Its current text. */
    public String text() {
        return message.path("text").asText("");
    }

    /** Whether it is a reply in a thread. */
    public boolean isReply() {
        return threadTs != null;
    }

    /** Its current metadata ({@code event_type}, {@code event_payload}), if it has any. */
    public Optional<JsonNode> metadata() {
        JsonNode metadata = message.get("metadata");
        return metadata == null ? Optional.empty() : Optional.of(metadata.deepCopy());
    }

    /** How many replies its thread has (0 for a reply or a message without a thread). */
    public int replyCount() {
        return message.path("reply_count").asInt(0);
    }
}
