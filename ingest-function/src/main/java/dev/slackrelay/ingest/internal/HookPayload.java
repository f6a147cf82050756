package dev.slackrelay.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.ingest.HookTarget;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.render.Broadcasts;
import java.util.ArrayList;
import java.util.List;

/**
 * A Slack incoming-webhook payload read into a relay message for the hook's channel, or the error Slack would
 * answer. Fields: {@code text}, {@code blocks}, {@code attachments}, {@code username}, {@code icon_emoji},
 * {@code icon_url}, {@code thread_ts}, {@code mrkdwn}, {@code unfurl_links}, {@code unfurl_media}; others (such as
 * {@code channel}: the hook decides it) are ignored, as Slack's webhooks do. Immutable.
 */
public sealed interface HookPayload permits HookPayload.Message, HookPayload.Refused {

    /** @param message the message to publish (not yet validated against Slack's limits) */
    record Message(SlackMessage message) implements HookPayload {
    }

    /** @param error Slack's answer: {@code invalid_payload} or {@code no_text} */
    record Refused(String error) implements HookPayload {
    }

    String INVALID_PAYLOAD = "invalid_payload";
    String NO_TEXT = "no_text";

    /**
     * Reads a payload. Webhook payloads are Slack mrkdwn, posted as given ({@code mrkdwn} unless the payload says
     * {@code "mrkdwn": false}); broadcast mentions are defused unless {@code target} allows them.
     */
    static HookPayload read(JsonNode root, HookTarget target) {
        if (!root.isObject()) {
            return new Refused(INVALID_PAYLOAD);
        }
        for (String field : List.of("text", "username", "icon_emoji", "icon_url", "thread_ts")) {
            if (!absentOr(root.get(field), JsonNode::isTextual)) {
                return new Refused(INVALID_PAYLOAD);
            }
        }
        for (String field : List.of("mrkdwn", "unfurl_links", "unfurl_media")) {
            if (!absentOr(root.get(field), JsonNode::isBoolean)) {
                return new Refused(INVALID_PAYLOAD);
            }
        }
        List<JsonNode> blocks = objects(root.get("blocks"));
        List<JsonNode> attachments = objects(root.get("attachments"));
        if (blocks == null || attachments == null) {
            return new Refused(INVALID_PAYLOAD);
        }
        String text = string(root, "text");
        if ((text == null || text.isEmpty()) && blocks.isEmpty() && attachments.isEmpty()) {
            return new Refused(NO_TEXT);
        }
        if (!target.allowBroadcasts()) {
            text = Broadcasts.defuse(text);
            blocks = blocks.stream().map(Broadcasts::defuse).toList();
            attachments = attachments.stream().map(Broadcasts::defuse).toList();
        }
        return new Message(SlackMessage.builder(target.channel())
                .text(text == null || text.isEmpty() ? null : text)
                .blocks(blocks.isEmpty() ? null : blocks)
                .attachments(attachments.isEmpty() ? null : attachments)
                .username(string(root, "username"))
                .iconEmoji(string(root, "icon_emoji"))
                .iconUrl(string(root, "icon_url"))
                .threadTs(string(root, "thread_ts"))
                .mrkdwn(bool(root, "mrkdwn") != Boolean.FALSE)
                .unfurlLinks(bool(root, "unfurl_links"))
                .unfurlMedia(bool(root, "unfurl_media"))
                .build());
    }

    private static boolean absentOr(JsonNode node, java.util.function.Predicate<JsonNode> kind) {
        return node == null || node.isNull() || kind.test(node);
    }

    /** The objects of an array field; empty when absent; {@code null} when it is not an array of objects. */
    private static List<JsonNode> objects(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isObject()) {
                return null;
            }
            out.add(element);
        }
        return out;
    }

    private static String string(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static Boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }
}
