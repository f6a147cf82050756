package dev.slackrelay.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One post the emulator accepted (answered {@code ok}), as the emulator saw it.
 *
 * <p>Immutable and thread-safe: {@link #payload()} hands out a copy.
 *
 * @param channel       the channel posted to (for a webhook, the channel it is mapped to)
 * @param ts            the message timestamp the emulator answered with, unique and increasing
 * @param arrival       wall-clock time of acceptance
 * @param arrivalMillis monotonic time of acceptance, in milliseconds since the emulator was created; use this to
 *                      measure spacing
 * @param source        whether it came through {@code chat.postMessage}, an incoming webhook or a file share
 * @param payload       the posted fields ({@code channel}, {@code text}, {@code blocks} as a JSON array,
 *                      {@code username}, {@code icon_emoji}, {@code thread_ts}, {@code metadata} as a JSON
 *                      object, ...; for a file share {@code files} as {@code [{"id","title"}]} and
 *                      {@code initial_comment}); the token is never included
 */
public record AcceptedPost(
        String channel, String ts, Instant arrival, double arrivalMillis, Source source, JsonNode payload) {

    /** How a post reached the emulator. */
    public enum Source {
        /** {@code POST /api/chat.postMessage}. */
        API,
        /** {@code POST /services/T/B/secret}. */
        WEBHOOK,
        /** {@code files.completeUploadExternal} into a channel: the message sharing the files. */
        FILE_SHARE
    }

    public AcceptedPost {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(source, "source");
        payload = Objects.requireNonNull(payload, "payload").deepCopy();
    }

    /** A copy of the posted fields. */
    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }

    /** The {@code text} field, or an empty string when the post had none. */
    public String text() {
        return payload.path("text").asText("");
    }

    /**
     * The text of every {@code section} block, in block order (a digest post's notifications appear here one after
     * the other); empty when the post had no blocks.
     */
    public List<String> sectionTexts() {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : payload.path("blocks")) {
            JsonNode text = block.path("text").path("text");
            if ("section".equals(block.path("type").asText()) && text.isTextual()) {
                texts.add(text.textValue());
            }
        }
        return texts;
    }
}
