package dev.slackrelay.relay.internal.slack;

/**
 * The answer to a Slack call that reads (a look-up), classified: its value, or the outcome that says how the message
 * that needed it is to be retried or dead-lettered. Switched over with no default.
 *
 * @param <T> what the call reads
 */
public sealed interface SlackAnswer<T> {

    /** Slack answered. */
    record Ok<T>(T value) implements SlackAnswer<T> {
    }

    /** Slack or the network failed; never {@link SlackOutcome.Delivered}. */
    record Failed<T>(SlackOutcome outcome) implements SlackAnswer<T> {
    }
}
