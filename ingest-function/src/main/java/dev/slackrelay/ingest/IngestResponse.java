package dev.slackrelay.ingest;

import java.util.Objects;

/**
 * The ingest core's answer, which the host sends as is. Immutable.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} of {@code body} ({@code application/json} or {@code text/plain;
 *                    charset=utf-8})
 * @param body        the body text
 */
public record IngestResponse(int status, String contentType, String body) {

    public IngestResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }
}
