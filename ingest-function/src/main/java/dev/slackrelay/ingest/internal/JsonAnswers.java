package dev.slackrelay.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.ingest.IngestResponse;
import java.util.Map;

/**
 * The JSON answers of {@code /v1/messages} and of unknown paths: {@code {"ok": false, "error": "<code>", ...}}.
 * Stateless.
 */
public final class JsonAnswers {

    public static final String JSON = "application/json";

    private JsonAnswers() {
    }

    /** A new {@code {"ok": false, "error": code}} object to add details to. */
    public static ObjectNode error(String code) {
        return JsonBody.Mapper.INSTANCE.createObjectNode().put("ok", false).put("error", code);
    }

    /** An error answer with {@code detail} in words. */
    public static IngestResponse error(int status, String code, String detail) {
        ObjectNode body = error(code);
        if (detail != null) {
            body.put("detail", detail);
        }
        return new IngestResponse(status, JSON, body.toString());
    }

    public static IngestResponse notFound() {
        return error(404, "not_found", "POST /v1/messages or POST /hooks/{hookId}");
    }

    public static IngestResponse methodNotAllowed() {
        return new IngestResponse(405, JSON, error("method_not_allowed").put("detail", "use POST").toString(),
                Map.of("Allow", "POST"));
    }

    /** 503: the request may be sent again. */
    public static IngestResponse unavailable(ObjectNode body) {
        return new IngestResponse(503, JSON, body.put("retryable", true).toString(), Map.of("Retry-After", "1"));
    }

    public static IngestResponse internalError() {
        return error(500, "internal_error", null);
    }
}
