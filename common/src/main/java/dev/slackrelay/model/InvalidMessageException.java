package dev.slackrelay.model;

import dev.slackrelay.model.Violation.Code;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thrown when a message cannot be decoded or would be rejected by Slack. Never retryable: the same input fails
 * the same way every time, so the publisher reports it to the caller and the relay dead-letters it.
 *
 * <p>The message text names every offending field and the reason, e.g.
 * {@code "invalid Slack message: channel: is required; mentions[0]: must be a user ID (U…/W…), an e-mail address, here, channel or subteam^ID"}.
 */
public class InvalidMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidMessageException(List<Violation> violations) {
        super("invalid Slack message: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation is required");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidMessageException(String field, Code code, String reason) {
        this(List.of(new Violation(field, code, reason)));
    }

    /** Every violation found, in field order; never empty. */
    public List<Violation> violations() {
        return violations;
    }

    /** The first offending field, handy for logs and dead-letter attributes. */
    public String field() {
        return violations.get(0).field();
    }

    /** The kinds of fault found; never empty. */
    public Set<Code> codes() {
        return EnumSet.copyOf(violations.stream().map(Violation::code).toList());
    }

    /** Whether the message was rejected only because it declares a format version newer than this code reads. */
    public boolean isUnsupportedVersion() {
        return codes().equals(EnumSet.of(Code.UNSUPPORTED_VERSION));
    }

    /** The violations without the "invalid Slack message" prefix. */
    public String reasons() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
