package dev.slackrelay.local.soak;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.slackrelay.local.soak.Workload.Role;

/** Every message a scenario queued, by SQS message ID. Thread-safe: the channels publish concurrently. */
final class Ledger {

    /**
     * One queued message.
     *
     * @param seq            its number in its channel, or 0 for poison
     * @param expectedReason the dead-letter reason it must end with ({@code slack_error: is_archived},
     *                       {@code invalid_message}, ...), or {@code null} if it must be delivered
     * @param origin         which message it was, in words ({@code #h01 #7}, {@code poison (array) in #h02})
     */
    record Published(String messageId, String channel, int seq, Role role, String expectedReason, String origin) {

        boolean mustBeDelivered() {
            return expectedReason == null;
        }
    }

    private final Map<String, Published> byId = new ConcurrentHashMap<>();
    private final Map<String, String> numbered = new ConcurrentHashMap<>();

    void add(Published published) {
        byId.put(published.messageId(), published);
        if (published.seq() > 0) {
            numbered.put(key(published.channel(), published.seq()), published.messageId());
        }
    }

    /** The message ID of message {@code seq} of {@code channel}, or {@code null}. */
    String numberedId(String channel, int seq) {
        return numbered.get(key(channel, seq));
    }

    Published get(String messageId) {
        return byId.get(messageId);
    }

    /** A snapshot of everything queued. */
    Map<String, Published> all() {
        return Map.copyOf(byId);
    }

    int size() {
        return byId.size();
    }

    private static String key(String channel, int seq) {
        return Objects.requireNonNull(channel) + " " + seq;
    }
}
