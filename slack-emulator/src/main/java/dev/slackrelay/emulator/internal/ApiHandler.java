package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /api/<method>}: decodes the form or JSON body, checks the token, takes a token from the method's rate tier
 * (when the request arrives, whatever its answer) and hands the fields to the method. Slack answers API errors with
 * HTTP 200 and {@code {"ok":false,"error":...}}; only rate limits are 429. Every method but {@code auth.test} sits
 * behind the fault gate; every call and its outcome is counted per method.
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
    private final PostLedger ledger;
    private final ApiReplies replies;
    private final MessageMethods messages;
    private final UserDirectory users;
    private final FileMethods files;

    ApiHandler(ObjectMapper json, String token, FaultGate gate, PostLedger ledger, ApiReplies replies,
               MessageMethods messages, UserDirectory users, FileMethods files) {
        this.json = json;
        this.token = token;
        this.gate = gate;
        this.ledger = ledger;
        this.replies = replies;
        this.messages = messages;
        this.users = users;
        this.files = files;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        ledger.countCall(method);
        switch (method) {
            case "auth.test" -> counted(method, authTest(exchange, exchange.getRequestBody().readAllBytes()))
                    .writeTo(exchange);
            case "chat.postMessage", "chat.update", "conversations.history", "users.lookupByEmail",
                 "files.getUploadURLExternal", "files.completeUploadExternal" ->
                    gate.pass(exchange, body -> counted(method, call(method, exchange, body)));
            default -> {
                exchange.getRequestBody().readAllBytes();
                counted(method, replies.error("unknown_method")).writeTo(exchange);
            }
        }
    }

    private Reply counted(String method, Reply reply) {
        ledger.countOutcome(method, reply.outcome());
        return reply;
    }

    private Reply call(String method, HttpExchange exchange, byte[] body) {
        ObjectNode fields;
        String presented = bearerToken(exchange);
        if (contentType(exchange).startsWith("application/json")) {
            JsonNode tree;
            try {
                tree = json.readTree(body);
            } catch (IOException badJson) {
                return replies.error("invalid_json");
            }
            if (tree == null || !tree.isObject()) {
                return replies.error("invalid_json");
            }
            fields = Payloads.normalize(json, (ObjectNode) tree);
            fields.remove("token");
        } else {
            Map<String, String> form = formFields(exchange, body);
            String formToken = form.remove("token");
            if (presented == null) {
                presented = formToken;
            }
            fields = Payloads.fromForm(json, form);
        }
        if (presented == null || presented.isBlank()) {
            return replies.error("not_authed");
        }
        if (!presented.equals(token)) {
            return replies.error("invalid_auth");
        }
        OptionalLong retryAfter = ledger.acquireMethod(method);
        if (retryAfter.isPresent()) {
            return replies.rateLimited(retryAfter.getAsLong());
        }
        return switch (method) {
            case "chat.postMessage" -> messages.post(fields);
            case "chat.update" -> messages.update(fields);
            case "conversations.history" -> messages.history(fields);
            case "users.lookupByEmail" -> users.lookupByEmail(fields);
            case "files.getUploadURLExternal" ->
                    files.uploadUrl(fields, "http://127.0.0.1:" + exchange.getLocalAddress().getPort());
            case "files.completeUploadExternal" -> files.complete(fields);
            default -> replies.error("unknown_method");
        };
    }

    private Reply authTest(HttpExchange exchange, byte[] body) {
        String presented = bearerToken(exchange);
        if (presented == null) {
            presented = formFields(exchange, body).get("token");
        }
        if (presented == null || presented.isBlank()) {
            return replies.error("not_authed");
        }
        if (!presented.equals(token)) {
            return replies.error("invalid_auth");
        }
        ObjectNode answer = replies.okBody()
                .put("url", "https://emulated-workspace.slack.com/")
                .put("team", "Emulated Workspace")
                .put("user", "slack-relay")
                .put("team_id", TEAM_ID)
                .put("user_id", USER_ID)
                .put("bot_id", BOT_ID)
                .put("is_enterprise_install", false);
        return replies.ok(answer);
    }

    /** Query parameters overlaid by form-body fields, as Slack reads them. */
    private static Map<String, String> formFields(HttpExchange exchange, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>(Payloads.parseForm(exchange.getRequestURI().getRawQuery()));
        if (!contentType(exchange).startsWith("application/json")) {
            fields.putAll(Payloads.parseForm(new String(body, StandardCharsets.UTF_8)));
        }
        return fields;
    }

    static String contentType(HttpExchange exchange) {
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
