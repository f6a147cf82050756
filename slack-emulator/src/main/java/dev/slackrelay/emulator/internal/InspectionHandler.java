package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AcceptedUpdate;
import dev.slackrelay.emulator.ChannelMessage;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /stats}, {@code GET /posts[?channel=X]} and {@code GET /messages?channel=X}: what the emulator saw, for
 * the demo and the benchmarks.
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

    /**
     * A channel's messages as they stand now, replies included, in timestamp order: each with its Slack shape (as
     * {@code conversations.history} shows it, metadata included), whether it is a reply and its edits.
     */
    void messages(HttpExchange exchange) throws IOException {
        String channel = Payloads.parseForm(exchange.getRequestURI().getRawQuery()).get("channel");
        if (channel == null || channel.isEmpty()) {
            Reply.text(400, "channel required").writeTo(exchange);
            return;
        }
        ArrayNode array = json.createArrayNode();
        for (ChannelMessage message : ledger.messages(channel)) {
            ObjectNode node = array.addObject()
                    .put("channel", message.channel())
                    .put("ts", message.ts())
                    .put("source", message.source().name())
                    .put("threadTs", message.threadTs())
                    .put("broadcast", message.broadcast());
            node.set("message", message.message());
            ArrayNode edits = node.putArray("edits");
            for (AcceptedUpdate edit : message.edits()) {
                edits.addObject().put("editedTs", edit.editedTs()).put("arrival", edit.arrival().toString())
                        .put("arrivalMillis", edit.arrivalMillis()).set("payload", edit.payload());
            }
        }
        Reply.json(200, array.toString()).writeTo(exchange);
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
