package dev.slackrelay.poller;

/**
 * A snapshot of an {@link EventSourcePoller}'s counters since it was built. Immutable and thread-safe; the counters
 * are read one after another, so a snapshot taken while workers run may be off by an event in flight.
 *
 * @param received messages received from SQS
 * @param emptyReceives {@code ReceiveMessage} calls that completed without a message (long polls that timed out)
 * @param invocations handler invocations
 * @param succeeded records the handler did not report as failed (then deleted)
 * @param itemFailures records the handler listed in {@code batchItemFailures} (left for redelivery)
 * @param crashes invocations that threw; their whole batch is left for redelivery
 * @param timeouts invocations that returned after the function timeout; Lambda would have cut them off, so their
 *     whole batch is left for redelivery
 * @param invalidResponses invocations whose {@code batchItemFailures} named a message that was not in the batch (or
 *     none); as in Lambda, the whole batch counts as failed
 * @param deletes successful {@code DeleteMessage} calls
 * @param deleteErrors failed {@code DeleteMessage} calls (the message is redelivered: at-least-once)
 * @param receiveErrors failed {@code ReceiveMessage} calls
 * @param released messages received while stopping (also by a long poll that stopping aborted), made visible again
 *     without invoking the handler
 * @param inFlight invocations running at the moment of the snapshot
 */
public record PollerStats(long received, long emptyReceives, long invocations, long succeeded, long itemFailures,
                          long crashes, long timeouts, long invalidResponses, long deletes, long deleteErrors,
                          long receiveErrors, long released, int inFlight) {
}
