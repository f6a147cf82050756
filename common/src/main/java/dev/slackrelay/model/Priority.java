package dev.slackrelay.model;

import java.util.Locale;

/**
 * How urgently a message must reach Slack: the {@code priority} field of the wire format. An urgent message travels
 * on its own queue, so it waits neither behind its channel's backlog nor for workers busy with it. Immutable and
 * thread-safe.
 */
public enum Priority {
    /** The default: queued behind its channel's earlier messages. */
    NORMAL,
    /** Sent on the urgent queue, ahead of the channel's backlog (still paced and ordered among urgent messages). */
    URGENT;

    /** The value on the wire: {@code normal} or {@code urgent}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The priority named {@code wireName} ({@code normal} or {@code urgent}, as on the wire).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Priority fromWireName(String wireName) {
        for (Priority p : values()) {
            if (p.wireName().equals(wireName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be normal or urgent, not \"" + wireName + "\"");
    }
}
