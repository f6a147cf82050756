package dev.slackrelay.ingest.internal;

import dev.slackrelay.ingest.IngestResponse;

/**
 * A request's answer and what its log line says about it. Immutable.
 *
 * @param response the answer
 * @param queued   how many messages the request put on the queues
 * @param hookHint the first characters of the hook ID ({@link dev.slackrelay.ingest.IngestCredentials#hookHint}),
 *                 or {@code null} for a request to no hook
 */
public record Handled(IngestResponse response, int queued, String hookHint) {

    /** An answer that queued nothing. */
    public static Handled refused(IngestResponse response, String hookHint) {
        return new Handled(response, 0, hookHint);
    }
}
