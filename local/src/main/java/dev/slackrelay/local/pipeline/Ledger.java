package dev.slackrelay.local.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Every message a run queued, by SQS message ID. Thread-safe: publishers may record concurrently. */
public final class Ledger {

    /**
     * One queued message.
     *
     * @param seq            its number in its channel (1, 2, ... in publish order), or 0 if it is not numbered
     * @param origin         which message it was, in words ({@code #h01 #7}, {@code unknown channel})
     * @param expectedReason the kind of dead-letter reason it must end with ({@code slack_error: is_archived},
     *                       {@code invalid_message}, as {@link DeadLetter#reasonKind()}), or {@code null} if it must
     *                       be delivered
     */
    public record Published(String messageId, String channel, int seq, String origin, String expectedReason) {

        public Published {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(channel, "channel");
        }

        public boolean mustBeDelivered() {
            return expectedReason == null;
        }
    }

    private final Map<String, Published> byId = new ConcurrentHashMap<>();
    private final Map<String, String> numbered = new ConcurrentHashMap<>();

    public void add(Published published) {
        byId.put(published.messageId(), published);
        if (published.seq() > 0) {
            numbered.put(key(published.channel(), published.seq()), published.messageId());
        }
    }

    /** The message ID of message {@code seq} of {@code channel}, or {@code null}. */
    public String numberedId(String channel, int seq) {
        return numbered.get(key(channel, seq));
    }

    /** The message queued with this ID, or {@code null}. */
    public Published get(String messageId) {
        return byId.get(messageId);
    }

    /** A snapshot of everything queued. */
    public Map<String, Published> all() {
        return Map.copyOf(byId);
    }

    public int size() {
        return byId.size();
    }

    private static String key(String channel, int seq) {
        return Objects.requireNonNull(channel) + " " + seq;
    }
}
