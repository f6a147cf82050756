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
 * @param iconEmoji   icon, or {@code null} when {@code iconUrl} gives it
 * @param threadTs    parent {@code ts}, or {@code null}
 * @param truncated   whether the body was cut to fit Slack's limits (a visible marker says so)
 * @param attachments legacy attachments, usually none
 * @param iconUrl     icon image URL, or {@code null}
 * @param unfurlLinks whether Slack unfurls links, or {@code null} for the default
 * @param unfurlMedia whether Slack unfurls media, or {@code null} for the default
 */
public record RenderedMessage(String channel, String text, ArrayNode blocks, String username, String iconEmoji,
                              String threadTs, boolean truncated, ArrayNode attachments, String iconUrl,
                              Boolean unfurlLinks, Boolean unfurlMedia) {

    public RenderedMessage {
        blocks = blocks.deepCopy();
        attachments = attachments == null ? JsonNodeFactory.instance.arrayNode() : attachments.deepCopy();
    }

    /** A laid-out message: blocks, no attachments, an emoji icon, Slack's default unfurling. */
    public RenderedMessage(String channel, String text, ArrayNode blocks, String username, String iconEmoji,
                           String threadTs, boolean truncated) {
        this(channel, text, blocks, username, iconEmoji, threadTs, truncated, null, null, null, null);
    }

    @Override
    public ArrayNode blocks() {
        return blocks.deepCopy();
    }

    @Override
    public ArrayNode attachments() {
        return attachments.deepCopy();
    }

    /** The blocks as JSON text, as {@code chat.postMessage} takes them, or {@code null} when there are none. */
    public String blocksJson() {
        return blocks.isEmpty() ? null : blocks.toString();
    }

    /** The attachments as JSON text, or {@code null} when there are none. */
    public String attachmentsJson() {
        return attachments.isEmpty() ? null : attachments.toString();
    }

    /** The JSON payload of a {@code chat.postMessage} call or an incoming-webhook post. */
    public ObjectNode toPayload() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("channel", channel);
        if (!text.isEmpty()) {
            payload.put("text", text);
        }
        if (!blocks.isEmpty()) {
            payload.set("blocks", blocks.deepCopy());
        }
        if (!attachments.isEmpty()) {
            payload.set("attachments", attachments.deepCopy());
        }
        payload.put("username", username);
        if (iconEmoji != null) {
            payload.put("icon_emoji", iconEmoji);
        }
        if (iconUrl != null) {
            payload.put("icon_url", iconUrl);
        }
        if (threadTs != null) {
            payload.put("thread_ts", threadTs);
        }
        if (unfurlLinks != null) {
            payload.put("unfurl_links", unfurlLinks);
        }
        if (unfurlMedia != null) {
            payload.put("unfurl_media", unfurlMedia);
        }
        return payload;
    }
}
