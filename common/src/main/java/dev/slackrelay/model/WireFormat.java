package dev.slackrelay.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.Violation.Code;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON wire format of a queued Slack message, version 1 (see {@code docs/wire-format.md}). Stateless and
 * thread-safe.
 *
 * <p>{@link #decode(String)} checks only the shape (a JSON object, field types, a known version): what fails here
 * is <em>poison</em>. Whether Slack would accept the message is {@link MessageValidator}'s job.
 */
public final class WireFormat {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // "{...} extra" is not one JSON object: reject it rather than silently drop the rest
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final List<String> STRING_FIELDS =
            List.of("channel", "title", "body", "message", "text", "username", "icon_emoji", "icon_url", "thread_ts",
                    "priority");
    private static final List<String> BOOLEAN_FIELDS = List.of("mrkdwn", "unfurl_links", "unfurl_media");

    private WireFormat() {
    }

    /**
     * Decodes a queue message body.
     *
     * @throws InvalidMessageException if the body is not a JSON object, lacks {@code channel}, has a field of the
     *                                 wrong type, or declares a version newer than {@value SlackMessage#CURRENT_VERSION}
     */
    public static SlackMessage decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("(body)", Code.MALFORMED,
                    "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidMessageException("(body)", Code.MALFORMED, "is empty");
        }
        if (!root.isObject()) {
            throw new InvalidMessageException("(body)", Code.MALFORMED, "must be a JSON object, not " + kind(root));
        }
        return decode((ObjectNode) root);
    }

    private static SlackMessage decode(ObjectNode root) {
        int version = SlackMessage.CURRENT_VERSION;
        JsonNode v = present(root, "v");
        if (v != null) {
            if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
                throw new InvalidMessageException("v", Code.WRONG_TYPE, "must be an integer, not " + kind(v));
            }
            version = v.intValue();
            if (version > SlackMessage.CURRENT_VERSION) {
                throw new InvalidMessageException("v", Code.UNSUPPORTED_VERSION, "unsupported format version " + version
                        + " (this relay reads version " + SlackMessage.CURRENT_VERSION + ")");
            }
        }

        List<Violation> violations = new ArrayList<>();
        for (String field : STRING_FIELDS) {
            JsonNode node = present(root, field);
            if (node != null && !node.isTextual()) {
                violations.add(new Violation(field, Code.WRONG_TYPE, "must be a string, not " + kind(node)));
            }
        }
        if (present(root, "channel") == null) {
            violations.add(new Violation("channel", Code.MISSING, "is required"));
        }
        String body = text(root, "body");
        String message = text(root, "message");
        if (body != null && message != null && !body.equals(message)) {
            violations.add(new Violation("message", Code.INVALID, "is an alias of body; give one of them, not both"));
        }

        for (String field : BOOLEAN_FIELDS) {
            JsonNode node = present(root, field);
            if (node != null && !node.isBoolean()) {
                violations.add(new Violation(field, Code.WRONG_TYPE, "must be true or false, not " + kind(node)));
            }
        }

        Priority priority = Priority.NORMAL;
        String priorityName = text(root, "priority");
        if (priorityName != null) {
            try {
                priority = Priority.fromWireName(priorityName);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("priority", Code.INVALID,
                        "must be \"normal\" or \"urgent\", not \"" + priorityName + "\""));
            }
        }

        List<ObjectNode> extraBlocks = objects(root, "extra_blocks", violations);
        List<ObjectNode> blocks = objects(root, "blocks", violations);
        List<ObjectNode> attachments = objects(root, "attachments", violations);

        List<String> mentions = new ArrayList<>();
        JsonNode m = present(root, "mentions");
        if (m != null) {
            if (!m.isArray()) {
                violations.add(new Violation("mentions", Code.WRONG_TYPE,
                        "must be an array of strings, not " + kind(m)));
            } else {
                for (int i = 0; i < m.size(); i++) {
                    if (m.get(i).isTextual()) {
                        mentions.add(m.get(i).textValue());
                    } else {
                        violations.add(new Violation("mentions[" + i + "]", Code.WRONG_TYPE,
                                "must be a string, not " + kind(m.get(i))));
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        return new SlackMessage(text(root, "channel"), text(root, "title"), body != null ? body : message,
                text(root, "text"), text(root, "username"), text(root, "icon_emoji"),
                extraBlocks == null ? List.of() : extraBlocks, text(root, "thread_ts"), mentions,
                Boolean.TRUE.equals(bool(root, "mrkdwn")), priority, blocks, attachments, text(root, "icon_url"),
                bool(root, "unfurl_links"), bool(root, "unfurl_media"), version);
    }

    /** An array of JSON objects, or {@code null} when the field is absent. */
    private static List<ObjectNode> objects(ObjectNode root, String field, List<Violation> violations) {
        JsonNode array = present(root, field);
        if (array == null) {
            return null;
        }
        if (!array.isArray()) {
            violations.add(new Violation(field, Code.WRONG_TYPE, "must be an array of objects, not " + kind(array)));
            return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.isObject()) {
                out.add((ObjectNode) element);
            } else {
                violations.add(new Violation(field + "[" + i + "]", Code.WRONG_TYPE,
                        "must be an object, not " + kind(element)));
            }
        }
        return out;
    }

    /**
     * Encodes a message as its queue body. Absent fields, the default version and the default priority are left
     * out, so a message without the newer fields encodes exactly as before they existed.
     */
    public static String encode(SlackMessage message) {
        ObjectNode root = MAPPER.createObjectNode();
        if (message.version() != SlackMessage.CURRENT_VERSION) {
            root.put("v", message.version());
        }
        root.put("channel", message.channel());
        putIfPresent(root, "title", message.title());
        putIfPresent(root, "body", message.body());
        putIfPresent(root, "text", message.text());
        putIfPresent(root, "username", message.username());
        putIfPresent(root, "icon_emoji", message.iconEmoji());
        putIfPresent(root, "icon_url", message.iconUrl());
        putIfPresent(root, "thread_ts", message.threadTs());
        if (!message.mentions().isEmpty()) {
            ArrayNode mentions = root.putArray("mentions");
            message.mentions().forEach(mentions::add);
        }
        if (message.mrkdwn()) {
            root.put("mrkdwn", true);
        }
        if (message.priority() == Priority.URGENT) {
            root.put("priority", message.priority().wireName());
        }
        if (!message.extraBlocks().isEmpty()) {
            root.putArray("extra_blocks").addAll(message.extraBlocks());
        }
        if (message.blocks() != null) {
            root.putArray("blocks").addAll(message.blocks());
        }
        if (message.attachments() != null) {
            root.putArray("attachments").addAll(message.attachments());
        }
        if (message.unfurlLinks() != null) {
            root.put("unfurl_links", message.unfurlLinks());
        }
        if (message.unfurlMedia() != null) {
            root.put("unfurl_media", message.unfurlMedia());
        }
        return root.toString();
    }

    /** Parses one raw Block Kit block given as JSON text. */
    static ObjectNode parseBlock(String json, int index) {
        String field = "extra_blocks[" + index + "]";
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidMessageException(field, Code.WRONG_TYPE, "must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(field, Code.MALFORMED,
                    "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
    }

    private static JsonNode present(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String text(ObjectNode root, String field) {
        JsonNode node = present(root, field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static Boolean bool(ObjectNode root, String field) {
        JsonNode node = present(root, field);
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    private static void putIfPresent(ObjectNode root, String field, String value) {
        if (value != null) {
            root.put(field, value);
        }
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
