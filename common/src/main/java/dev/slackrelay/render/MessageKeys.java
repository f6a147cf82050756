package dev.slackrelay.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.SlackMessage;

/**
 * How a message's {@code thread_key} and {@code update_key} are stored in Slack itself: as message metadata of
 * event type {@value #EVENT_TYPE}, so that the relay finds a keyed message again in {@code conversations.history}
 * without a database. Stateless and thread-safe.
 */
public final class MessageKeys {

    /** The metadata event type of keyed messages. */
    public static final String EVENT_TYPE = "slack_relay_keyed";
    public static final String THREAD_KEY = "thread_key";
    public static final String UPDATE_KEY = "update_key";

    /** Which key. */
    public enum Kind {
        THREAD(THREAD_KEY), UPDATE(UPDATE_KEY);

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The field of the metadata's {@code event_payload}. */
        public String field() {
            return field;
        }
    }

    private MessageKeys() {
    }

    /**
     * The metadata a message is posted with: its keys, or {@code null} when it has none. A reply carries no thread
     * key (only the thread's first message does), so that a look-up finds the thread's parent.
     */
    public static ObjectNode metadata(SlackMessage message) {
        String threadKey = message.threadTs() == null ? message.threadKey() : null;
        if (threadKey == null && message.updateKey() == null) {
            return null;
        }
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("event_type", EVENT_TYPE);
        ObjectNode payload = metadata.putObject("event_payload");
        if (threadKey != null) {
            payload.put(THREAD_KEY, threadKey);
        }
        if (message.updateKey() != null) {
            payload.put(UPDATE_KEY, message.updateKey());
        }
        return metadata;
    }

    /** The key of that kind in a message's metadata as Slack returns it, or {@code null}. */
    public static String key(JsonNode metadata, Kind kind) {
        if (metadata == null || !EVENT_TYPE.equals(metadata.path("event_type").asText(null))) {
            return null;
        }
        JsonNode key = metadata.path("event_payload").get(kind.field());
        return key != null && key.isTextual() ? key.textValue() : null;
    }
}
