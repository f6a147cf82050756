package dev.slackrelay.ingest.internal;

import dev.slackrelay.ingest.IngestResponse;

/**
 * A request's answer and what its log line says about it. Immutable.
 *
 * @param response the answer
 * @param queued   how many messages the request put on the queues
 * @param hookHint the first characters of the hook ID ({@link dev.slackrelay.ingest.IngestCredentials#hookHint}),
 *                 or {@code null} for a request to no hook
 * @param detail   why a request was refused, for the log line (field names, never values), or {@code null}
 */
public record Handled(IngestResponse response, int queued, String hookHint, String detail) {

    /** An answer that queued nothing. */
    public static Handled refused(IngestResponse response, String hookHint) {
        return new Handled(response, 0, hookHint, null);
    }
}
