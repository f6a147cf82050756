package dev.slackrelay.ingest;

/**
 * The HTTP front door of the relay, independent of its host: authenticates, validates and enqueues through the
 * publisher library. Thread-safe.
 *
 * <p>Endpoints: {@code POST /v1/messages} (wire-format messages, bearer token) and {@code POST /hooks/{hookId}}
 * (Slack incoming-webhook compatible).
 */
public final class IngestHandler {

    /** Handles one request; never throws for anything a client sent. */
    public IngestResponse handle(IngestRequest request) {
        return new IngestResponse(501, "text/plain; charset=utf-8", "not implemented");
    }
}
