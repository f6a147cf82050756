package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.AcceptedPost;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /stats} and {@code GET /posts[?channel=X]}: what the emulator saw, for the demo and the benchmarks.
 *
 * <p>Thread-safe.
 */
final class InspectionHandler {

    private final ObjectMapper json;
    private final PostLedger ledger;

    InspectionHandler(ObjectMapper json, PostLedger ledger) {
        this.json = json;
        this.ledger = ledger;
    }

    void stats(HttpExchange exchange) throws IOException {
        Reply.json(200, json.writeValueAsString(ledger.stats())).writeTo(exchange);
    }

    void posts(HttpExchange exchange) throws IOException {
        String channel = Payloads.parseForm(exchange.getRequestURI().getRawQuery()).get("channel");
        List<AcceptedPost> posts = channel == null ? ledger.posts() : ledger.posts(channel);
        Reply.json(200, toJson(posts).toString()).writeTo(exchange);
    }

    ArrayNode toJson(List<AcceptedPost> posts) {
        ArrayNode array = json.createArrayNode();
        for (AcceptedPost post : posts) {
            ObjectNode node = array.addObject()
                    .put("channel", post.channel())
                    .put("ts", post.ts())
                    .put("arrival", post.arrival().toString())
                    .put("arrivalMillis", post.arrivalMillis())
                    .put("source", post.source().name());
            node.set("payload", post.payload());
        }
        return array;
    }
}
