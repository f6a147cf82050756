package dev.slackrelay.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Measures the text a Block Kit block carries, as Slack counts it towards {@code msg_blocks_too_long}. */
public final class BlockText {

    private BlockText() {
    }

    /** The summed length of every {@code text} string anywhere inside {@code node}. */
    public static int length(JsonNode node) {
        int total = 0;
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                total += text.textValue().length();
            }
        }
        for (JsonNode child : node) {
            total += length(child);
        }
        return total;
    }
}
