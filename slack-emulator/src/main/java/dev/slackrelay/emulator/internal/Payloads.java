package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns request bodies into one payload shape and applies Slack's content checks to it.
 *
 * <p>Stateless and thread-safe.
 */
final class Payloads {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;

    private static final Set<String> JSON_FIELDS = Set.of("blocks", "attachments", "metadata");
    private static final Set<String> BOOLEAN_FIELDS =
            Set.of("mrkdwn", "unfurl_links", "unfurl_media", "reply_broadcast", "link_names", "as_user");

    private Payloads() {
    }

    /** Decodes an {@code application/x-www-form-urlencoded} string; a repeated name keeps its last value. */
    static Map<String, String> parseForm(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /**
     * Form fields as a payload: {@code blocks}, {@code attachments} and {@code metadata} are parsed from their JSON
     * strings (left as strings when they do not parse, which the checks then reject), Slack's boolean flags become
     * booleans, everything else stays a string.
     */
    static ObjectNode fromForm(ObjectMapper json, Map<String, String> fields) {
        ObjectNode payload = json.createObjectNode();
        fields.forEach((name, value) -> {
            if (BOOLEAN_FIELDS.contains(name) && ("true".equals(value) || "false".equals(value))) {
                payload.set(name, BooleanNode.valueOf(Boolean.parseBoolean(value)));
            } else {
                payload.put(name, value);
            }
        });
        return normalize(json, payload);
    }

    /** Parses stringified {@code blocks}/{@code attachments}/{@code metadata} in place (a JSON body may send either). */
    static ObjectNode normalize(ObjectMapper json, ObjectNode payload) {
        for (String field : JSON_FIELDS) {
            JsonNode value = payload.get(field);
            if (value != null && value.isTextual()) {
                try {
                    payload.set(field, json.readTree(value.asText()));
                } catch (JsonProcessingException notJson) {
                    // kept as a string: the checks answer invalid_blocks / invalid_attachments
                }
            }
        }
        return payload;
    }

    /**
     * Slack's content checks: blocks first (shape, size, section text, total text), then attachments, then whether
     * there is anything to show at all.
     *
     * @return the error code, or empty if the content may be posted
     */
    static Optional<String> check(JsonNode payload, int blocksTextLimit) {
        JsonNode blocks = payload.get("blocks");
        boolean hasBlocks = false;
        if (present(blocks)) {
            Optional<String> blocksError = checkBlocks(blocks, blocksTextLimit);
            if (blocksError.isPresent()) {
                return blocksError;
            }
            hasBlocks = !blocks.isEmpty();
        }
        JsonNode attachments = payload.get("attachments");
        boolean hasAttachments = false;
        if (present(attachments)) {
            if (!attachments.isArray()) {
                return Optional.of("invalid_attachments");
            }
            hasAttachments = !attachments.isEmpty();
        }
        JsonNode text = payload.get("text");
        boolean hasText = present(text) && text.isValueNode() && !text.asText().isEmpty();
        if (!hasText && !hasBlocks && !hasAttachments) {
            return Optional.of("no_text");
        }
        return Optional.empty();
    }

    private static Optional<String> checkBlocks(JsonNode blocks, int blocksTextLimit) {
        if (!blocks.isArray() || blocks.size() > MAX_BLOCKS) {
            return Optional.of("invalid_blocks");
        }
        for (JsonNode block : blocks) {
            JsonNode type = block.get("type");
            if (!block.isObject() || type == null || !type.isTextual() || type.asText().isEmpty()) {
                return Optional.of("invalid_blocks");
            }
            if ("section".equals(type.asText()) && codePoints(block.path("text").path("text")) > MAX_SECTION_TEXT) {
                return Optional.of("invalid_blocks");
            }
        }
        if (textLength(blocks) > blocksTextLimit) {
            return Optional.of("msg_blocks_too_long");
        }
        return Optional.empty();
    }

    /** Total length of every string found under a {@code text} key, at any depth. */
    private static long textLength(JsonNode node) {
        long total = 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if ("text".equals(field.getKey()) && field.getValue().isTextual()) {
                    total += codePoints(field.getValue());
                } else {
                    total += textLength(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                total += textLength(element);
            }
        }
        return total;
    }

    private static int codePoints(JsonNode text) {
        if (!text.isTextual()) {
            return 0;
        }
        String s = text.asText();
        return s.codePointCount(0, s.length());
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
