package dev.slackrelay.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message laid out for Slack: the arguments of one {@code chat.postMessage} call (or incoming-webhook post).
 * Immutable and thread-safe; {@link #blocks()} returns a copy.
 *
 * @param channel   where to post
 * @param text      notification / fallback text
 * @param blocks    the Block Kit blocks, at most 50
 * @param username  display name
 * @param iconEmoji icon
 * @param threadTs  parent {@code ts}, or {@code null}
 * @param truncated whether the body was cut to fit Slack's limits (a visible marker says so)
 */
public record RenderedMessage(String channel, String text, ArrayNode blocks, String username, String iconEmoji,
                              String threadTs, boolean truncated) {

    public RenderedMessage {
        blocks = blocks.deepCopy();
    }

    @Override
    public ArrayNode blocks() {
        return blocks.deepCopy();
    }

    /** The blocks as JSON text, as {@code chat.postMessage} takes them. */
    public String blocksJson() {
        return blocks.toString();
    }

    /** The JSON payload of a {@code chat.postMessage} call or an incoming-webhook post. */
    public ObjectNode toPayload() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("channel", channel);
        payload.put("text", text);
        payload.set("blocks", blocks.deepCopy());
        payload.put("username", username);
        payload.put("icon_emoji", iconEmoji);
        if (threadTs != null) {
            payload.put("thread_ts", threadTs);
        }
        return payload;
    }
}
