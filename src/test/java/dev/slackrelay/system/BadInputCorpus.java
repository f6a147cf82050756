package dev.slackrelay.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/corpus.json}): each case is a queue body, what the
 * publisher must say of it (the offending field, or {@code ok}) and what the relay must do with it when a foreign
 * producer puts it on the queue anyway. Large values are written compactly: {@code "@x*5000"} is 5,000 {@code x}s and
 * {@code "extra_blocks": "@divider*60"} is 60 divider blocks.
 */
record BadInputCorpus(String name, String body, String publisherField, String relay, boolean broadcastAllowed) {

    static final String DEAD_LETTER = "dead_letter";
    static final String DELIVER = "deliver";
    static final String UNSENDABLE = "unsendable";

    private static final Pattern REPEAT = Pattern.compile("@(.+)\\*(\\d+)");
    private static final JsonMapper JSON = new JsonMapper();

    static List<BadInputCorpus> load() {
        try (InputStream in = BadInputCorpus.class.getResourceAsStream("/bad-input/corpus.json")) {
            List<BadInputCorpus> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                String body = c.has("body") ? c.get("body").textValue() : expand(c.get("json")).toString();
                out.add(new BadInputCorpus(c.get("name").textValue(), body, c.get("publisher").textValue(),
                        c.get("relay").textValue(), c.path("broadcastAllowed").asBoolean(false)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode expand(JsonNode node) {
        if (node.isTextual()) {
            Matcher m = REPEAT.matcher(node.textValue());
            if (!m.matches()) {
                return node;
            }
            int times = Integer.parseInt(m.group(2));
            if (m.group(1).equals("divider")) {
                ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < times; i++) {
                    blocks.addObject().put("type", "divider");
                }
                return blocks;
            }
            return TextNode.valueOf(m.group(1).repeat(times));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                copy.set(e.getKey(), expand(e.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(expand(n)));
            return copy;
        }
        return node;
    }

    @Override
    public String toString() {
        return name;
    }
}
