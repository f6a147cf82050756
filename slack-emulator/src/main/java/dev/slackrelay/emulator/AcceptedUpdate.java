package dev.slackrelay.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@code chat.update} the emulator accepted, as the emulator saw it.
 *
 * <p>Immutable and thread-safe: {@link #payload()} hands out a copy.
 *
 * @param channel       the channel of the updated message
 * @param ts            the updated message's timestamp (unchanged by the update)
 * @param editedTs      the timestamp of this edit ({@code edited.ts} of the message), unique and increasing
 * @param arrival       wall-clock time of acceptance
 * @param arrivalMillis monotonic time of acceptance, in milliseconds since the emulator was created
 * @param payload       the fields sent ({@code channel}, {@code ts}, {@code text}, {@code blocks},
 *                      {@code metadata}, ...); the token is never included
 */
public record AcceptedUpdate(
        String channel, String ts, String editedTs, Instant arrival, double arrivalMillis, JsonNode payload) {

    public AcceptedUpdate {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(editedTs, "editedTs");
        Objects.requireNonNull(arrival, "arrival");
        payload = Objects.requireNonNull(payload, "payload").deepCopy();
    }

    /** A copy of the fields sent. */
    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }

    /** The {@code text} field, or an empty string when the update had none. */
    public String text() {
        return payload.path("text").asText("");
    }
}
