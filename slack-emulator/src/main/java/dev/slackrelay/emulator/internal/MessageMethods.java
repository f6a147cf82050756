package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.emulator.AcceptedPost;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code chat.postMessage}, {@code chat.update} and {@code conversations.history}: a channel's messages, their
 * threads and metadata.
 *
 * <p>Thread-safe.
 */
final class MessageMethods {

    /** {@code conversations.history}'s default and largest {@code limit} (docs.slack.dev). */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 999;
    private static final String CURSOR_PREFIX = "next_ts:";

    private final ObjectMapper json;
    private final PostPipeline pipeline;
    private final PostLedger ledger;
    private final ApiReplies replies;
    private final int blocksTextLimit;

    MessageMethods(ObjectMapper json, PostPipeline pipeline, PostLedger ledger, ApiReplies replies,
                   int blocksTextLimit) {
        this.json = json;
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.replies = replies;
        this.blocksTextLimit = blocksTextLimit;
    }

    Reply post(ObjectNode fields) {
        String threadTs = Payloads.text(fields, "thread_ts");
        if (!threadTs.isEmpty() && !Payloads.isTs(threadTs)) {
            return replies.error("invalid_thread_ts");
        }
        Optional<String> metadataError = metadataError(fields);
        if (metadataError.isPresent()) {
            return replies.error(metadataError.get());
        }
        String channel = Payloads.text(fields, "channel");
        return switch (pipeline.post(channel, fields, AcceptedPost.Source.API, "channel:" + channel)) {
            case PostResult.Accepted accepted -> posted(accepted.post());
            case PostResult.Rejected rejected -> replies.error(rejected.error());
            case PostResult.RateLimited limited -> replies.rateLimited(limited.retryAfterSeconds());
        };
    }

    Reply update(ObjectNode fields) {
        String channel = Payloads.text(fields, "channel");
        String ts = Payloads.text(fields, "ts");
        Optional<String> refused = pipeline.checkReadable(channel);
        if (refused.isPresent()) {
            return replies.error(refused.get());
        }
        if (pipeline.archived(channel)) {
            return replies.error("is_inactive");
        }
        if (ts.isEmpty()) {
            return replies.invalidArguments("missing required field: ts");
        }
        Optional<String> invalid = metadataError(fields).or(() -> Payloads.check(fields, blocksTextLimit));
        if (invalid.isPresent()) {
            return replies.error(invalid.get());
        }
        return switch (ledger.update(channel, ts, fields)) {
            case ChannelHistory.Edit.Edited edited -> {
                ObjectNode body = replies.okBody().put("channel", channel).put("ts", ts)
                        .put("text", edited.message().path("text").asText(""));
                body.set("message", edited.message());
                yield replies.ok(body);
            }
            case ChannelHistory.Edit.NotFound notFound -> replies.error("message_not_found");
            case ChannelHistory.Edit.NotEditable notEditable -> replies.error("cant_update_message");
        };
    }

    Reply history(ObjectNode fields) {
        String channel = Payloads.text(fields, "channel");
        Optional<String> refused = pipeline.checkReadable(channel);
        if (refused.isPresent()) {
            return replies.error(refused.get());
        }
        int limit = DEFAULT_LIMIT;
        String limitText = Payloads.text(fields, "limit").trim();
        if (!limitText.isEmpty()) {
            try {
                int asked = Integer.parseInt(limitText);
                limit = asked < 1 ? DEFAULT_LIMIT : Math.min(asked, MAX_LIMIT);
            } catch (NumberFormatException notANumber) {
                return replies.invalidArguments("limit must be an integer: " + limitText);
            }
        }
        long oldest = 0;
        String oldestText = Payloads.text(fields, "oldest");
        if (!oldestText.isEmpty()) {
            OptionalLong bound = Payloads.boundMicros(oldestText);
            if (bound.isEmpty()) {
                return replies.error("invalid_ts_oldest");
            }
            oldest = bound.getAsLong();
        }
        long latest = Long.MAX_VALUE;
        String latestText = Payloads.text(fields, "latest");
        if (!latestText.isEmpty()) {
            OptionalLong bound = Payloads.boundMicros(latestText);
            if (bound.isEmpty()) {
                return replies.error("invalid_ts_latest");
            }
            latest = bound.getAsLong();
        }
        boolean inclusive = Payloads.flag(fields.get("inclusive"));
        boolean latestInclusive = inclusive;
        String cursor = Payloads.text(fields, "cursor");
        if (!cursor.isEmpty()) {
            OptionalLong next = decodeCursor(cursor);
            if (next.isEmpty()) {
                return replies.error("invalid_cursor");
            }
            latest = Math.min(latest, next.getAsLong());
            latestInclusive = latest == next.getAsLong() || inclusive;
        }
        ChannelHistory.Page page = ledger.history(channel,
                new ChannelHistory.Range(oldest, inclusive, latest, latestInclusive), limit,
                Payloads.flag(fields.get("include_all_metadata")));
        ObjectNode body = replies.okBody();
        ArrayNode messages = body.putArray("messages");
        page.messages().forEach(messages::add);
        body.put("has_more", page.hasMore()).put("pin_count", 0).put("channel_actions_ts", (String) null)
                .put("channel_actions_count", 0);
        body.putObject("response_metadata").put("next_cursor", page.hasMore() ? encodeCursor(page.nextMicros()) : "");
        return replies.ok(body);
    }

    private Reply posted(AcceptedPost post) {
        JsonNode payload = post.payload();
        ObjectNode message = json.createObjectNode()
                .put("user", ApiHandler.USER_ID)
                .put("type", "message")
                .put("ts", post.ts())
                .put("bot_id", ApiHandler.BOT_ID)
                .put("app_id", ApiHandler.APP_ID)
                .put("text", payload.path("text").asText(""))
                .put("team", ApiHandler.TEAM_ID);
        for (String field : new String[] {"blocks", "attachments", "thread_ts", "username"}) {
            if (payload.hasNonNull(field)) {
                message.set(field, payload.get(field));
            }
        }
        if (payload.hasNonNull("icon_emoji")) {
            message.putObject("icons").set("emoji", payload.get("icon_emoji"));
        }
        JsonNode metadata = payload.get("metadata");
        if (metadata != null && metadata.isObject() && !metadata.isEmpty()) {
            message.set("metadata", metadata);
        }
        ObjectNode answer = replies.okBody().put("channel", post.channel()).put("ts", post.ts());
        answer.set("message", message);
        return replies.ok(answer);
    }

    /** A {@code metadata} field that did not parse as JSON, or does not have Slack's shape. */
    private static Optional<String> metadataError(JsonNode fields) {
        JsonNode metadata = fields.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return Optional.empty();
        }
        if (metadata.isTextual() && metadata.asText().isEmpty()) {
            return Optional.empty();
        }
        return Payloads.checkMetadata(metadata);
    }

    // Slack's cursors are base64 of "next_ts:<ts in microseconds>"; opaque to clients.
    private static String encodeCursor(long micros) {
        return Base64.getEncoder().encodeToString((CURSOR_PREFIX + micros).getBytes(StandardCharsets.UTF_8));
    }

    private static OptionalLong decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                long micros = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
                return micros >= 0 ? OptionalLong.of(micros) : OptionalLong.empty();
            }
        } catch (IllegalArgumentException notACursor) {
            // NumberFormatException included: falls through to "invalid"
        }
        return OptionalLong.empty();
    }
}
