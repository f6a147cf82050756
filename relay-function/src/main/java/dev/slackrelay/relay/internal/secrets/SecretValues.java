package dev.slackrelay.relay.internal.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the two kinds of secret the relay reads. Error messages never include the secret itself. */
public final class SecretValues {

    private static final JsonMapper JSON = new JsonMapper();

    private SecretValues() {
    }

    /** A bot token given as the raw {@code xoxb-…} string or as JSON {@code {"token": "xoxb-…"}}. */
    public static String botToken(String secret) {
        String value = secret.strip();
        if (!value.startsWith("{")) {
            return value;
        }
        JsonNode node = parse(value, "bot token");
        for (String field : new String[] {"token", "bot_token", "SLACK_BOT_TOKEN"}) {
            if (node.path(field).isTextual() && !node.path(field).textValue().isBlank()) {
                return node.path(field).textValue().strip();
            }
        }
        throw new IllegalArgumentException("the bot token secret is JSON without a \"token\" string");
    }

    /** A JSON object mapping channel to incoming-webhook URL. */
    public static Map<String, String> webhooks(String secret) {
        JsonNode node = parse(secret.strip(), "webhook map");
        if (!node.isObject()) {
            throw new IllegalArgumentException("the webhook map must be a JSON object of channel to URL");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual() || !e.getValue().textValue().startsWith("http")) {
                throw new IllegalArgumentException("the webhook map's entry for " + e.getKey() + " is not a URL");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Map.copyOf(out);
    }

    private static JsonNode parse(String value, String what) {
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, which is a secret
            throw new IllegalArgumentException("the " + what + " secret is not valid JSON");
        }
    }
}
