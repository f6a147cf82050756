package dev.slackrelay.model;

/**
 * One reason a message cannot be sent: the wire-format field at fault and what is wrong with it.
 *
 * @param field  the wire-format field name (for example {@code channel} or {@code extra_blocks[3].type}),
 *               or {@code (body)} when the message as a whole is at fault
 * @param reason what is wrong, in words a caller can act on
 */
public record Violation(String field, String reason) {

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
