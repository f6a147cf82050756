package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns request bodies into one payload shape and applies Slack's content checks to it.
 *
 * <p>Stateless and thread-safe.
 */
final class Payloads {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;

    private static final Set<String> JSON_FIELDS = Set.of("blocks", "attachments", "metadata");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("mrkdwn", "unfurl_links", "unfurl_media",
            "reply_broadcast", "link_names", "as_user", "inclusive", "include_all_metadata");
    // Slack's ts is epoch seconds, a dot, six digits; fewer or more digits are read as that time (as the publisher's
    // validator allows them), "0" or "yesterday" are not timestamps.
    private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{1,9}");

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
     * strings (left as strings when they do not parse, which the checks then reject), Slack's boolean flags
     * ({@code true}/{@code false}, or {@code 1}/{@code 0} as the Java SDK sends them) become booleans, everything
     * else stays a string.
     */
    static ObjectNode fromForm(ObjectMapper json, Map<String, String> fields) {
        ObjectNode payload = json.createObjectNode();
        fields.forEach((name, value) -> {
            if (BOOLEAN_FIELDS.contains(name) && Set.of("true", "false", "1", "0").contains(value)) {
                payload.set(name, BooleanNode.valueOf("true".equals(value) || "1".equals(value)));
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

    /** Whether a flag is set: {@code true}, {@code "true"}, {@code 1} or {@code "1"}. */
    static boolean flag(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText("");
        return "true".equals(text) || "1".equals(text);
    }

    /** A text field, empty when absent or null. */
    static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText("");
    }

    /** Whether {@code ts} has the form of a message timestamp ({@code 1700000000.000100}). */
    static boolean isTs(String ts) {
        return TS.matcher(ts).matches();
    }

    /** A message timestamp in microseconds (decimals past six dropped); {@code ts} must satisfy {@link #isTs}. */
    static long micros(String ts) {
        int dot = ts.indexOf('.');
        String fraction = (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(ts.substring(0, dot)) * 1_000_000L + Long.parseLong(fraction);
    }

    /** The timestamp form of microseconds. */
    static String ts(long micros) {
        return "%d.%06d".formatted(micros / 1_000_000L, micros % 1_000_000L);
    }

    /**
     * A bound of {@code conversations.history} ({@code oldest}, {@code latest}): a Unix time in seconds with up to six
     * decimals, in microseconds; empty when it is not a number.
     */
    static OptionalLong boundMicros(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value.trim());
            if (seconds.signum() < 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(seconds.movePointRight(6)
                    .setScale(0, RoundingMode.FLOOR).longValueExact());
        } catch (NumberFormatException | ArithmeticException notATime) {
            return OptionalLong.empty();
        }
    }

    /**
     * Checks message metadata: a JSON object with a non-empty string {@code event_type} and an object
     * {@code event_payload}; an empty object means "no metadata" (on {@code chat.update}: remove it).
     *
     * @return the error code ({@code invalid_metadata_format}, {@code invalid_metadata_schema}), or empty
     */
    static Optional<String> checkMetadata(JsonNode metadata) {
        if (!metadata.isObject()) {
            return Optional.of("invalid_metadata_format");
        }
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        JsonNode type = metadata.get("event_type");
        JsonNode payload = metadata.get("event_payload");
        if (type == null || !type.isTextual() || type.asText().isBlank() || payload == null || !payload.isObject()) {
            return Optional.of("invalid_metadata_schema");
        }
        return Optional.empty();
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
