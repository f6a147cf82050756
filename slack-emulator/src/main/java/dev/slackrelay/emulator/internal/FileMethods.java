package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.UploadedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Slack's external upload flow: {@code files.getUploadURLExternal} hands out a file ID and an upload URL on the
 * emulator, a POST of the bytes to that URL (raw or as a multipart form, no token) stores them, and
 * {@code files.completeUploadExternal} shares the files into a channel or thread as one message (taking the channel's
 * post token like any message), or keeps them private without a channel.
 *
 * <p>Thread-safe.
 */
final class FileMethods {

    /** The pseudo-method under which uploads to upload URLs are counted in the method statistics. */
    static final String UPLOAD = "upload";
    /** Slack's limits: {@code alt_txt} up to 1000 characters, snippets up to 1 MB. */
    static final int MAX_ALT_TXT = 1000;
    static final long MAX_SNIPPET = 1_048_576;

    private final ObjectMapper json;
    private final PostPipeline pipeline;
    private final PostLedger ledger;
    private final ApiReplies replies;
    private final FaultGate gate;
    private final UploadStore uploads;
    private final long maxFileSize;

    FileMethods(ObjectMapper json, PostPipeline pipeline, PostLedger ledger, ApiReplies replies, FaultGate gate,
                UploadStore uploads, long maxFileSize) {
        this.json = json;
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.replies = replies;
        this.gate = gate;
        this.uploads = uploads;
        this.maxFileSize = maxFileSize;
    }

    Reply uploadUrl(JsonNode fields, String baseUrl) {
        String filename = Payloads.text(fields, "filename");
        String lengthText = Payloads.text(fields, "length").trim();
        if (filename.isBlank()) {
            return replies.invalidArguments("missing required field: filename");
        }
        if (lengthText.isEmpty()) {
            return replies.invalidArguments("missing required field: length");
        }
        long length;
        try {
            length = Long.parseLong(lengthText);
        } catch (NumberFormatException notANumber) {
            return replies.invalidArguments("length must be an integer: " + lengthText);
        }
        if (length < 0) {
            return replies.invalidArguments("length must not be negative: " + lengthText);
        }
        if (length == 0) {
            return replies.error("missing_argument");
        }
        if (length > maxFileSize) {
            return replies.error("file_upload_size_restricted");
        }
        String altTxt = Payloads.text(fields, "alt_txt");
        if (altTxt.codePointCount(0, altTxt.length()) > MAX_ALT_TXT) {
            return replies.error("alt_txt_too_large");
        }
        String snippetType = Payloads.text(fields, "snippet_type");
        if (!snippetType.isEmpty() && length > MAX_SNIPPET) {
            return replies.error("snippet_too_large");
        }
        UploadStore.Ticket ticket = uploads.open(filename, length, altTxt.isEmpty() ? null : altTxt,
                snippetType.isEmpty() ? null : snippetType);
        return replies.ok(replies.okBody().put("upload_url", baseUrl + ticket.path()).put("file_id", ticket.fileId()));
    }

    /** {@code POST /upload/v1/…}: the bytes of one upload; answers {@code 200 OK - <length>} as Slack does. */
    void receive(HttpExchange exchange) throws IOException, InterruptedException {
        ledger.countCall(UPLOAD);
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getRequestBody().readAllBytes();
            counted(Reply.text(405, "method_not_allowed")).writeTo(exchange);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        gate.pass(exchange, body -> counted(switch (uploads.receive(path, content(type == null ? "" : type, body))) {
            case UploadStore.Receipt.Stored stored -> Reply.text(200, "OK - " + stored.length());
            case UploadStore.Receipt.Unknown unknown -> Reply.text(404, "not_found");
            case UploadStore.Receipt.WrongLength wrong -> Reply.text(400,
                    "length_mismatch: announced " + wrong.announced() + ", received " + wrong.received());
        }));
    }

    Reply complete(JsonNode fields) {
        JsonNode files = fields.get("files");
        if (files != null && files.isTextual()) {
            try {
                files = json.readTree(files.asText());
            } catch (IOException notJson) {
                return replies.invalidArguments("files must be a JSON array");
            }
        }
        if (files == null || !files.isArray() || files.isEmpty()) {
            return replies.invalidArguments("missing required field: files");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode file : files) {
            String id = Payloads.text(file, "id");
            if (id.isEmpty()) {
                return replies.invalidArguments("every file needs an id");
            }
            ids.add(id);
        }
        String channel = Payloads.text(fields, "channel_id");
        if (channel.isEmpty()) {
            // Only the first of several channels is shared into.
            channel = Arrays.stream(Payloads.text(fields, "channels").split(",")).map(String::trim)
                    .filter(c -> !c.isEmpty()).findFirst().orElse("");
        }
        Optional<List<UploadStore.Pending>> claimed = uploads.claim(ids);
        if (claimed.isEmpty()) {
            return replies.error("file_not_found");
        }
        ObjectNode payload = json.createObjectNode();
        payload.set("files", files);
        for (String field : new String[] {"initial_comment", "thread_ts"}) {
            String value = Payloads.text(fields, field);
            if (!value.isEmpty()) {
                payload.put(field, value);
            }
        }
        if (channel.isEmpty()) {
            return completed(ledger.completePrivately(claimed.get(), payload));
        }
        payload.put("channel", channel);
        return switch (pipeline.share(channel, payload, claimed.get())) {
            case PostResult.Accepted accepted -> completed(accepted.files());
            case PostResult.Rejected rejected -> {
                uploads.release(claimed.get());
                yield replies.error(rejected.error());
            }
            case PostResult.RateLimited limited -> {
                uploads.release(claimed.get());
                yield replies.rateLimited(limited.retryAfterSeconds());
            }
        };
    }

    private Reply completed(List<UploadedFile> files) {
        ObjectNode body = replies.okBody();
        ArrayNode list = body.putArray("files");
        files.forEach(file -> list.add(FileJson.of(json, file)));
        return replies.ok(body);
    }

    private Reply counted(Reply reply) {
        ledger.countOutcome(UPLOAD, reply.status() == 200 ? Reply.Outcome.OK : Reply.Outcome.ERROR);
        return reply;
    }

    /** The file's bytes: the body itself, or the file part of a multipart form (the first part with a file name). */
    static byte[] content(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return body;
        }
        int at = contentType.indexOf("boundary=");
        if (at < 0) {
            return body;
        }
        String boundary = "--" + contentType.substring(at + "boundary=".length()).split(";")[0].replace("\"", "")
                .trim();
        // ISO-8859-1 maps each byte to one char, so indexes in the string are indexes in the body.
        String all = new String(body, StandardCharsets.ISO_8859_1);
        byte[] first = null;
        int start = all.indexOf(boundary);
        while (start >= 0) {
            int headers = start + boundary.length();
            if (all.startsWith("--", headers)) {
                break;
            }
            headers += 2;
            int headersEnd = all.indexOf("\r\n\r\n", headers);
            int next = headersEnd < 0 ? -1 : all.indexOf("\r\n" + boundary, headersEnd + 4);
            if (next < 0) {
                break;
            }
            byte[] part = Arrays.copyOfRange(body, headersEnd + 4, next);
            if (all.substring(headers, headersEnd).toLowerCase(Locale.ROOT).contains("filename=")) {
                return part;
            }
            if (first == null) {
                first = part;
            }
            start = next + 2;
        }
        return first == null ? body : first;
    }
}
