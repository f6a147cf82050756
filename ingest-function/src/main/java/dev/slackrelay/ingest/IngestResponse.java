package dev.slackrelay.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * The ingest core's answer, which the host sends as is. Immutable and thread-safe.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} of {@code body} ({@code application/json} or {@code text/plain;
 *                    charset=utf-8})
 * @param body        the body text
 * @param headers     further response headers the host must send ({@code WWW-Authenticate} with a 401,
 *                    {@code Allow} with a 405); never {@code null}
 */
public record IngestResponse(int status, String contentType, String body, Map<String, String> headers) {

    public IngestResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An answer without further headers. */
    public IngestResponse(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }
}
