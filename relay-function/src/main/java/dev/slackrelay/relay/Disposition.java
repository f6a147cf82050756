package dev.slackrelay.relay;

/** What the host does with a message after the relay handled it. */
public enum Disposition {
    /** Done: delivered or dead-lettered. The host deletes it (Lambda: a successful item). */
    DELETE,
    /** Retry later: the relay has set its visibility. The host leaves it on the queue (a batch item failure). */
    RETRY
}
