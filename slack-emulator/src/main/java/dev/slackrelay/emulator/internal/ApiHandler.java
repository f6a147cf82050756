package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.AcceptedPost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/<method>}: {@code chat.postMessage} (form or JSON body) and {@code auth.test}. Slack answers API
 * errors with HTTP 200 and {@code {"ok":false,"error":...}}; only rate limits are 429.
 *
 * <p>Thread-safe.
 */
final class ApiHandler {

    static final String TEAM_ID = "T0EMULATOR";
    static final String USER_ID = "U0EMULATOR";
    static final String BOT_ID = "B0EMULATOR";
    static final String APP_ID = "A0EMULATOR";

    private final ObjectMapper json;
    private final String token;
    private final FaultGate gate;
    private final PostPipeline pipeline;
    private final PostLedger ledger;

    ApiHandler(ObjectMapper json, String token, FaultGate gate, PostPipeline pipeline, PostLedger ledger) {
        this.json = json;
        this.token = token;
        this.gate = gate;
        this.pipeline = pipeline;
        this.ledger = ledger;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        switch (method) {
            case "chat.postMessage" -> gate.pass(exchange, body -> postMessage(exchange, body));
            case "auth.test" -> authTest(exchange, exchange.getRequestBody().readAllBytes()).writeTo(exchange);
            default -> {
                exchange.getRequestBody().readAllBytes();
                error("unknown_method").writeTo(exchange);
            }
        }
    }

    private Reply postMessage(HttpExchange exchange, byte[] body) {
        ObjectNode payload;
        String presented = bearerToken(exchange);
        if (contentType(exchange).startsWith("application/json")) {
            JsonNode tree;
            try {
                tree = json.readTree(body);
            } catch (IOException badJson) {
                return error("invalid_json");
            }
            if (tree == null || !tree.isObject()) {
                return error("invalid_json");
            }
            payload = Payloads.normalize(json, (ObjectNode) tree);
            payload.remove("token");
        } else {
            Map<String, String> fields = formFields(exchange, body);
            String formToken = fields.remove("token");
            if (presented == null) {
                presented = formToken;
            }
            payload = Payloads.fromForm(json, fields);
        }
        if (presented == null || presented.isBlank()) {
            return error("not_authed");
        }
        if (!presented.equals(token)) {
            return error("invalid_auth");
        }
        String channel = payload.path("channel").asText("");
        return switch (pipeline.post(channel, payload, AcceptedPost.Source.API, "channel:" + channel)) {
            case PostResult.Accepted accepted -> ok(accepted.post());
            case PostResult.Rejected rejected -> error(rejected.error());
            case PostResult.RateLimited limited -> error(429, "ratelimited")
                    .withHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
        };
    }

    private Reply authTest(HttpExchange exchange, byte[] body) {
        String presented = bearerToken(exchange);
        if (presented == null) {
            presented = formFields(exchange, body).get("token");
        }
        if (presented == null || presented.isBlank()) {
            return error("not_authed");
        }
        if (!presented.equals(token)) {
            return error("invalid_auth");
        }
        ObjectNode answer = json.createObjectNode()
                .put("ok", true)
                .put("url", "https://emulated-workspace.slack.com/")
                .put("team", "Emulated Workspace")
                .put("user", "slack-relay")
                .put("team_id", TEAM_ID)
                .put("user_id", USER_ID)
                .put("bot_id", BOT_ID)
                .put("is_enterprise_install", false);
        return Reply.json(200, answer.toString());
    }

    private Reply ok(AcceptedPost post) {
        JsonNode payload = post.payload();
        ObjectNode message = json.createObjectNode()
                .put("user", USER_ID)
                .put("type", "message")
                .put("ts", post.ts())
                .put("bot_id", BOT_ID)
                .put("app_id", APP_ID)
                .put("text", payload.path("text").asText(""))
                .put("team", TEAM_ID);
        for (String field : new String[] {"blocks", "attachments", "thread_ts", "username"}) {
            if (payload.hasNonNull(field)) {
                message.set(field, payload.get(field));
            }
        }
        if (payload.hasNonNull("icon_emoji")) {
            message.putObject("icons").set("emoji", payload.get("icon_emoji"));
        }
        ObjectNode answer = json.createObjectNode()
                .put("ok", true)
                .put("channel", post.channel())
                .put("ts", post.ts());
        answer.set("message", message);
        return Reply.json(200, answer.toString());
    }

    private Reply error(String code) {
        return error(200, code);
    }

    private Reply error(int status, String code) {
        if (status != 429) {
            ledger.countError(code);
        }
        ObjectNode answer = json.createObjectNode().put("ok", false).put("error", code);
        return Reply.json(status, answer.toString());
    }

    /** Query parameters overlaid by form-body fields, as Slack reads them. */
    private static Map<String, String> formFields(HttpExchange exchange, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>(Payloads.parseForm(exchange.getRequestURI().getRawQuery()));
        if (!contentType(exchange).startsWith("application/json")) {
            fields.putAll(Payloads.parseForm(new String(body, StandardCharsets.UTF_8)));
        }
        return fields;
    }

    private static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    }

    private static String bearerToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
