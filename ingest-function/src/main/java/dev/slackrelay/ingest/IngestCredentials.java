package dev.slackrelay.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may send: the bearer tokens of {@code POST /v1/messages} and the hooks of {@code POST /hooks/{hookId}}.
 * Immutable and thread-safe; {@link #toString()} shows only how many there are, and no error message of this class
 * quotes a token or more than the first four characters of a hook ID.
 *
 * <p>Deployed, they are one Secrets Manager secret ({@code INGEST_SECRET_ID}) whose SecretString is
 * <pre>{@code
 * {"tokens": ["<token>", ...],
 *  "hooks": {"<hookId>": "C0123456789", "<hookId>": {"channel": "C0123456789", "allow_broadcasts": true}}}
 * }</pre>
 * locally, {@code INGEST_TOKENS} (comma-separated) and {@code INGEST_HOOKS} (the {@code hooks} object above).
 *
 * @param tokens bearer tokens, each without whitespace
 * @param hooks  hook targets by hook ID; a hook ID is at least {@value #MIN_HOOK_ID_LENGTH} characters of
 *               {@code [A-Za-z0-9_-]}
 */
public record IngestCredentials(List<String> tokens, Map<String, HookTarget> hooks) {

    /** The shortest hook ID accepted: a hook ID is the only secret of a webhook URL. */
    public static final int MIN_HOOK_ID_LENGTH = 20;

    private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9_-]{" + MIN_HOOK_ID_LENGTH + ",128}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,1024}");
    private static final JsonMapper JSON = new JsonMapper();

    /** No tokens and no hooks: every request is refused. */
    public static final IngestCredentials NONE = new IngestCredentials(List.of(), Map.of());

    /** @throws IllegalArgumentException if a token or a hook ID is malformed */
    public IngestCredentials {
        tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            if (!TOKEN.matcher(tokens.get(i)).matches()) {
                throw new IllegalArgumentException("ingest token #" + (i + 1)
                        + " must be 1-1024 printable ASCII characters without spaces");
            }
        }
        hooks = Map.copyOf(hooks);
        hooks.keySet().forEach(IngestCredentials::requireHookId);
    }

    /** Whether {@code hookId} has the form of a hook ID (it may still be unknown). */
    public static boolean isHookId(String hookId) {
        return hookId != null && HOOK_ID.matcher(hookId).matches();
    }

    /** The first four characters of a hook ID and an ellipsis: as much of it as logs and errors may show. */
    public static String hookHint(String hookId) {
        return hookId == null ? "-" : hookId.substring(0, Math.min(4, hookId.length())) + "…";
    }

    private static void requireHookId(String hookId) {
        if (!isHookId(hookId)) {
            throw new IllegalArgumentException("hook ID \"" + hookHint(hookId) + "\" is not a hook ID: give at least "
                    + MIN_HOOK_ID_LENGTH + " (at most 128) random characters of A-Z, a-z, 0-9, _ and -");
        }
    }

    /**
     * The credentials of the local variables.
     *
     * @param tokens comma-separated tokens ({@code INGEST_TOKENS}), or {@code null}
     * @param hooks  the JSON object of hook IDs to channels ({@code INGEST_HOOKS}), or {@code null}
     * @throws IllegalArgumentException if either is malformed
     */
    public static IngestCredentials fromVariables(String tokens, String hooks) {
        List<String> list = new ArrayList<>();
        if (tokens != null) {
            for (String token : tokens.split(",")) {
                if (!token.isBlank()) {
                    list.add(token.strip());
                }
            }
        }
        return new IngestCredentials(list, hooks == null ? Map.of() : hooks(parse(hooks, "INGEST_HOOKS")));
    }

    /**
     * The credentials of the ingest secret's SecretString (see the class comment).
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static IngestCredentials fromSecret(String secret) {
        JsonNode root = parse(secret, "the ingest secret");
        if (!root.isObject()) {
            throw new IllegalArgumentException("the ingest secret must be a JSON object {\"tokens\": [...], "
                    + "\"hooks\": {...}}");
        }
        List<String> tokens = new ArrayList<>();
        JsonNode t = root.path("tokens");
        if (!t.isMissingNode() && !t.isNull()) {
            if (!t.isArray()) {
                throw new IllegalArgumentException("the ingest secret's \"tokens\" must be an array of strings");
            }
            for (JsonNode token : t) {
                if (!token.isTextual()) {
                    throw new IllegalArgumentException("the ingest secret's \"tokens\" must be an array of strings");
                }
                tokens.add(token.textValue().strip());
            }
        }
        JsonNode h = root.path("hooks");
        return new IngestCredentials(tokens, h.isMissingNode() || h.isNull() ? Map.of() : hooks(h));
    }

    private static Map<String, HookTarget> hooks(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("hooks must be a JSON object of hook ID to channel");
        }
        Map<String, HookTarget> hooks = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            requireHookId(e.getKey());
            JsonNode value = e.getValue();
            String where = "the hook " + hookHint(e.getKey());
            if (value.isTextual()) {
                hooks.put(e.getKey(), HookTarget.of(value.textValue()));
            } else if (value.isObject() && value.path("channel").isTextual()) {
                JsonNode allow = value.path("allow_broadcasts");
                if (!allow.isMissingNode() && !allow.isBoolean()) {
                    throw new IllegalArgumentException(where + ": allow_broadcasts must be true or false");
                }
                hooks.put(e.getKey(), new HookTarget(value.path("channel").textValue(), allow.asBoolean(false)));
            } else {
                throw new IllegalArgumentException(where + " must map to a channel (\"C0123456789\") or to "
                        + "{\"channel\": \"C0123456789\", \"allow_broadcasts\": true}");
            }
        }
        return hooks;
    }

    private static JsonNode parse(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, which holds secrets
            throw new IllegalArgumentException(what + " is not valid JSON");
        }
    }

    /** How many tokens and hooks; never the values. */
    @Override
    public String toString() {
        return "IngestCredentials[" + tokens.size() + " tokens, " + hooks.size() + " hooks]";
    }
}
