package dev.slackrelay.relay.internal.slack;

/**
 * A top-level message of a channel's history that carries the relay's keys in its metadata.
 *
 * @param ts        the message's {@code ts}
 * @param threadKey its {@code thread_key}, or {@code null}
 * @param updateKey its {@code update_key}, or {@code null}
 */
public record KeyedPost(String ts, String threadKey, String updateKey) {
}
