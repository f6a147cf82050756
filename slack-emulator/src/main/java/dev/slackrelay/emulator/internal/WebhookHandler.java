package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /services/T/B/secret}: incoming webhooks. Slack answers them in plain text with an HTTP status per
 * error ({@code ok} on success), not with the API's JSON.
 *
 * <p>Thread-safe.
 */
final class WebhookHandler {

    private final ObjectMapper json;
    private final Map<String, String> webhooks;
    private final FaultGate gate;
    private final PostPipeline pipeline;
    private final PostLedger ledger;

    WebhookHandler(ObjectMapper json, Map<String, String> webhooks, FaultGate gate, PostPipeline pipeline,
            PostLedger ledger) {
        this.json = json;
        this.webhooks = webhooks;
        this.gate = gate;
        this.pipeline = pipeline;
        this.ledger = ledger;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getRequestBody().readAllBytes();
            error(405, "invalid_method").writeTo(exchange);
            return;
        }
        gate.pass(exchange, body -> deliver(exchange, body));
    }

    private Reply deliver(HttpExchange exchange, byte[] body) {
        String path = exchange.getRequestURI().getPath().substring("/services/".length());
        String key = path.replace("/", "").isEmpty() ? "" : EmulatorOptions.webhookKey(path);
        String channel = webhooks.get(key);
        if (channel == null) {
            return error(404, "no_service");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            text = Payloads.parseForm(text).getOrDefault("payload", "");
        }
        JsonNode payload;
        try {
            payload = json.readTree(text);
        } catch (IOException badJson) {
            return error(400, "invalid_payload");
        }
        if (payload == null || !payload.isObject()) {
            return error(400, "invalid_payload");
        }
        Payloads.normalize(json, (ObjectNode) payload);
        return switch (pipeline.post(channel, payload, AcceptedPost.Source.WEBHOOK, "webhook:" + key)) {
            case PostResult.Accepted accepted -> Reply.text(200, "ok");
            case PostResult.Rejected rejected -> rejected(rejected.error());
            case PostResult.RateLimited limited -> Reply.text(429, "rate_limited")
                    .withHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
        };
    }

    /** Slack's webhook spelling and status for an API error code. */
    private Reply rejected(String code) {
        return switch (code) {
            case "channel_not_found", "no_service", "no_team" -> error(404, code);
            case "is_archived", "channel_is_archived" -> error(410, "channel_is_archived");
            case "action_prohibited", "posting_to_general_channel_denied", "invalid_token" -> error(403, code);
            // Slack documents no webhook spelling for the cumulative-length error; the closest documented one.
            case "msg_blocks_too_long" -> error(400, "invalid_blocks");
            case "invalid_payload", "no_text", "invalid_blocks", "invalid_attachments", "too_many_attachments",
                 "user_not_found" -> error(400, code);
            default -> error(500, code);
        };
    }

    private Reply error(int status, String code) {
        ledger.countError(code);
        return Reply.text(status, code);
    }
}
