package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AcceptedUpdate;
import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.UploadedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The messages of every channel as they stand now: what {@code conversations.history} reads and {@code chat.update}
 * edits. Threads are kept as Slack keeps them: a reply is stored with its {@code thread_ts} and counted on its
 * parent; only top-level messages and broadcast replies are in the channel's history.
 *
 * <p>Not thread-safe: callers hold the ledger's lock.
 */
final class ChannelHistory {

    private static final Set<String> CONTENT_FIELDS = Set.of("text", "blocks", "attachments");

    private final ObjectMapper json;
    private final Map<String, NavigableMap<Long, Stored>> channels = new HashMap<>();

    ChannelHistory(ObjectMapper json) {
        this.json = json;
    }

    /** How {@code chat.update} went. */
    sealed interface Edit {
        /** Edited: the message as it stands now. */
        record Edited(ObjectNode message) implements Edit {
        }

        /** No such message in the channel: {@code message_not_found}. */
        record NotFound() implements Edit {
        }

        /** Not the app's own {@code chat.postMessage} message: {@code cant_update_message}. */
        record NotEditable() implements Edit {
        }
    }

    /** The time range of a history read, in microseconds, each bound inclusive or not. */
    record Range(long oldest, boolean oldestInclusive, long latest, boolean latestInclusive) {
    }

    /** One page of {@code conversations.history}, newest first. */
    record Page(List<ObjectNode> messages, boolean hasMore, long nextMicros) {
    }

    void add(AcceptedPost post, List<UploadedFile> files) {
        JsonNode payload = post.payload();
        String given = Payloads.text(payload, "thread_ts");
        String threadTs = Payloads.isTs(given) ? given : "";
        Stored message = new Stored(post, threadTs.isEmpty() ? null : threadTs,
                !threadTs.isEmpty() && Payloads.flag(payload.get("reply_broadcast")), files);
        for (String field : new String[] {"text", "blocks", "attachments", "username", "icon_emoji", "icon_url"}) {
            JsonNode value = payload.get(field);
            if (value != null && !value.isNull()) {
                message.content.set(field, value);
            }
        }
        if (post.source() == AcceptedPost.Source.FILE_SHARE) {
            message.content.put("text", Payloads.text(payload, "initial_comment"));
        }
        JsonNode metadata = payload.get("metadata");
        if (metadata != null && metadata.isObject() && !metadata.isEmpty()) {
            message.metadata = (ObjectNode) metadata;
        }
        NavigableMap<Long, Stored> channel = channels.computeIfAbsent(post.channel(), c -> new TreeMap<>());
        channel.put(message.micros, message);
        if (message.threadTs != null) {
            Stored parent = channel.get(Payloads.micros(message.threadTs));
            if (parent != null && parent.threadTs == null) {
                parent.replies.add(message.micros);
            }
        }
    }

    /**
     * Applies {@code chat.update}: {@code text}, {@code blocks} and {@code attachments} given replace the content
     * (text without blocks removes the blocks, as Slack does); metadata given replaces it, an empty object removes it,
     * none keeps it.
     */
    Edit update(String channel, String ts, JsonNode fields, AcceptedUpdate update) {
        Stored message = Payloads.isTs(ts) ? channels.getOrDefault(channel, new TreeMap<>()).get(Payloads.micros(ts))
                : null;
        if (message == null) {
            return new Edit.NotFound();
        }
        if (message.post.source() != AcceptedPost.Source.API) {
            return new Edit.NotEditable();
        }
        boolean blocksGiven = present(fields.get("blocks"));
        boolean textGiven = present(fields.get("text"));
        for (String field : CONTENT_FIELDS) {
            if (present(fields.get(field))) {
                message.content.set(field, fields.get(field));
            }
        }
        if (textGiven && !blocksGiven) {
            message.content.remove("blocks");
        }
        JsonNode metadata = fields.get("metadata");
        if (metadata != null && metadata.isObject()) {
            message.metadata = metadata.isEmpty() ? null : (ObjectNode) metadata;
        }
        message.edits.add(update);
        return new Edit.Edited(render(message, true));
    }

    /**
     * A page of the channel's history: top-level messages and broadcast replies within {@code range}, newest first,
     * metadata only if asked for.
     */
    Page page(String channel, Range range, int limit, boolean withMetadata) {
        NavigableMap<Long, Stored> all = channels.getOrDefault(channel, new TreeMap<>());
        if (range.oldest() > range.latest()) {
            return new Page(List.of(), false, 0);
        }
        NavigableMap<Long, Stored> within = all.subMap(range.oldest(), range.oldestInclusive(), range.latest(),
                range.latestInclusive()).descendingMap();
        List<ObjectNode> page = new ArrayList<>();
        for (Stored message : within.values()) {
            if (message.threadTs != null && !message.broadcast) {
                continue;
            }
            if (page.size() == limit) {
                return new Page(page, true, message.micros);
            }
            page.add(render(message, withMetadata));
        }
        return new Page(page, false, 0);
    }

    List<ChannelMessage> messages(String channel) {
        List<ChannelMessage> list = new ArrayList<>();
        for (Stored message : channels.getOrDefault(channel, new TreeMap<>()).values()) {
            list.add(new ChannelMessage(channel, message.post.ts(), message.post.source(), message.threadTs,
                    message.broadcast, render(message, true), message.edits, message.files));
        }
        return list;
    }

    void reset() {
        channels.clear();
    }

    /** The message in Slack's shape (as {@code conversations.history} and {@code chat.update} show it). */
    private ObjectNode render(Stored message, boolean withMetadata) {
        AcceptedPost post = message.post;
        ObjectNode node = json.createObjectNode().put("type", "message");
        switch (post.source()) {
            case API -> node.put("user", ApiHandler.USER_ID);
            case WEBHOOK -> node.put("subtype", "bot_message");
            case FILE_SHARE -> node.put("user", ApiHandler.USER_ID).put("upload", true).put("display_as_bot", false);
        }
        if (message.broadcast) {
            node.put("subtype", "thread_broadcast").put("is_thread_broadcast", true);
        }
        node.put("text", message.content.path("text").asText(""));
        if (post.source() != AcceptedPost.Source.FILE_SHARE) {
            node.put("bot_id", ApiHandler.BOT_ID).put("app_id", ApiHandler.APP_ID);
        }
        node.put("ts", post.ts()).put("team", ApiHandler.TEAM_ID);
        for (String field : new String[] {"blocks", "attachments", "username"}) {
            if (message.content.has(field)) {
                node.set(field, message.content.get(field).deepCopy());
            }
        }
        if (message.content.has("icon_emoji")) {
            node.putObject("icons").set("emoji", message.content.get("icon_emoji").deepCopy());
        }
        if (message.threadTs != null) {
            node.put("thread_ts", message.threadTs).put("parent_user_id", ApiHandler.USER_ID);
        } else if (!message.replies.isEmpty()) {
            node.put("thread_ts", post.ts())
                    .put("reply_count", message.replies.size())
                    .put("reply_users_count", 1)
                    .put("latest_reply", Payloads.ts(message.replies.last()));
            node.putArray("reply_users").add(ApiHandler.USER_ID);
        }
        if (!message.edits.isEmpty()) {
            node.putObject("edited").put("user", ApiHandler.USER_ID).put("ts", message.edits.getLast().editedTs());
        }
        if (withMetadata && message.metadata != null) {
            node.set("metadata", message.metadata.deepCopy());
        }
        if (!message.files.isEmpty()) {
            ArrayNode files = node.putArray("files");
            message.files.forEach(file -> files.add(FileJson.of(json, file)));
        }
        return node;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    /** One message; its content and metadata change with {@code chat.update}, its replies as they come. */
    private static final class Stored {
        final AcceptedPost post;
        final long micros;
        final String threadTs;
        final boolean broadcast;
        final List<UploadedFile> files;
        final ObjectNode content;
        final List<AcceptedUpdate> edits = new ArrayList<>();
        final TreeSet<Long> replies = new TreeSet<>();
        ObjectNode metadata;

        Stored(AcceptedPost post, String threadTs, boolean broadcast, List<UploadedFile> files) {
            this.post = post;
            this.micros = Payloads.micros(post.ts());
            this.threadTs = threadTs;
            this.broadcast = broadcast;
            this.files = List.copyOf(files);
            this.content = JsonNodeFactory.instance.objectNode();
        }
    }
}
