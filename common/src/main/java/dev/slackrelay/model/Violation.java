package dev.slackrelay.model;

/**
 * One reason a message cannot be sent: the wire-format field at fault, what kind of fault it is, and what is wrong
 * with it in words.
 *
 * @param field  the wire-format field name (for example {@code channel} or {@code extra_blocks[3].type}),
 *               or {@code (body)} when the message as a whole is at fault
 * @param code   the kind of fault, for code that must tell faults apart (never parse {@code reason})
 * @param reason what is wrong, in words a caller can act on
 */
public record Violation(String field, Code code, String reason) {

    /** The kinds of fault. */
    public enum Code {
        /** The body is not one JSON object (not JSON, empty, an array, trailing text). */
        MALFORMED,
        /** A field has the wrong JSON type. */
        WRONG_TYPE,
        /** A required field, or anything to post, is missing. */
        MISSING,
        /** The message declares a format version newer than this code reads. */
        UNSUPPORTED_VERSION,
        /** A value has the wrong form or conflicts with another field. */
        INVALID,
        /** The message or a part of it exceeds a limit of Slack or SQS. */
        TOO_LARGE
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
