package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Web API's answers: {@code ok:true} bodies, {@code ok:false} with HTTP 200 (counted by error code), and 429 with
 * {@code Retry-After}.
 *
 * <p>Thread-safe.
 */
final class ApiReplies {

    private final ObjectMapper json;
    private final PostLedger ledger;

    ApiReplies(ObjectMapper json, PostLedger ledger) {
        this.json = json;
        this.ledger = ledger;
    }

    /** A new {@code {"ok":true}} object to fill. */
    ObjectNode okBody() {
        return json.createObjectNode().put("ok", true);
    }

    Reply ok(ObjectNode body) {
        return Reply.json(200, body.toString());
    }

    Reply error(String code) {
        ledger.countError(code);
        return Reply.apiError(200, json.createObjectNode().put("ok", false).put("error", code).toString());
    }

    /** {@code invalid_arguments}, with Slack's explanation in {@code response_metadata.messages}. */
    Reply invalidArguments(String message) {
        ledger.countError("invalid_arguments");
        ObjectNode body = json.createObjectNode().put("ok", false).put("error", "invalid_arguments");
        body.putObject("response_metadata").putArray("messages").add("[ERROR] " + message);
        return Reply.apiError(200, body.toString());
    }

    Reply rateLimited(long retryAfterSeconds) {
        return Reply.apiError(429, json.createObjectNode().put("ok", false).put("error", "ratelimited").toString())
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
}
