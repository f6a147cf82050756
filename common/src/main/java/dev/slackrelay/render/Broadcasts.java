package dev.slackrelay.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Defuses Slack's broadcast mentions ({@code <!channel>}, {@code <!here>}, {@code <!everyone>} and the legacy
 * {@code <!group>}, with or without a {@code |label}) so that they show as text and page no one. Stateless and
 * thread-safe.
 */
public final class Broadcasts {

    private static final Pattern BROADCAST = Pattern.compile("<!(channel|here|everyone|group)(?=[|>])");
    /** Broadcasts and user-group mentions: what untrusted text may not do at all. */
    private static final Pattern BROADCAST_OR_GROUP = Pattern.compile("<!(channel|here|everyone|group|subteam\\^)");

    private Broadcasts() {
    }

    /** {@code mrkdwn} with every broadcast mention shown as text ({@code &lt;!channel>}). */
    public static String defuse(String mrkdwn) {
        return mrkdwn == null ? null : BROADCAST.matcher(mrkdwn).replaceAll("&lt;!$1");
    }

    /**
     * A copy of {@code node} (blocks, attachments, or one of them) in which every string outside {@code plain_text}
     * objects is {@linkplain #defuse(String) defused} and every rich-text {@code broadcast} element is replaced by
     * its words ({@code @channel}).
     */
    public static JsonNode defuse(JsonNode node) {
        JsonNode copy = node.deepCopy();
        defuse(copy, false);
        return copy;
    }

    /** As {@link #defuse(JsonNode)}, also defusing user-group mentions: for untrusted text. */
    static ObjectNode defuseWithGroups(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        defuse(copy, true);
        return copy;
    }

    private static void defuse(JsonNode node, boolean groups) {
        if (node instanceof ObjectNode obj) {
            JsonNode type = obj.get("type");
            String t = type != null && type.isTextual() ? type.textValue() : "";
            if (t.equals("broadcast") || groups && t.equals("usergroup")) {
                // rich_text elements that page a channel or a group: keep the words, drop the ping
                String label = t.equals("broadcast") && obj.path("range").isTextual()
                        ? "@" + obj.path("range").textValue() : "@group";
                obj.removeAll();
                obj.put("type", "text");
                obj.put("text", label);
                return;
            }
            if (t.equals("plain_text")) {
                return; // Slack shows plain text as written: nothing in it pages anyone
            }
            for (Map.Entry<String, JsonNode> field : obj.properties()) {
                JsonNode value = field.getValue();
                if (value.isTextual() && !field.getKey().equals("type")) {
                    field.setValue(TextNode.valueOf(pattern(groups).matcher(value.textValue()).replaceAll("&lt;!$1")));
                } else {
                    defuse(value, groups);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual()) {
                    array.set(i, TextNode.valueOf(pattern(groups).matcher(element.textValue()).replaceAll("&lt;!$1")));
                } else {
                    defuse(element, groups);
                }
            }
        }
    }

    private static Pattern pattern(boolean groups) {
        return groups ? BROADCAST_OR_GROUP : BROADCAST;
    }
}
