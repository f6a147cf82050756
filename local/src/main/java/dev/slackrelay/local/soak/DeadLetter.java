package dev.slackrelay.local.soak;

/**
 * One message taken off the dead-letter queue.
 *
 * @param sourceId   the ID of the message it is a copy of ({@code sourceMessageId}); the message's own ID if the
 *                   redrive policy moved it (then it has no reason)
 * @param group      its message group: the channel it was meant for
 * @param reason     the relay's {@code reason} attribute, or {@code null}
 * @param slackError the relay's {@code slackError} attribute, or {@code null}
 * @param leaksSecret whether its body or an attribute contains the bot token
 */
record DeadLetter(String sourceId, String group, String reason, String slackError, boolean leaksSecret) {

    /** The reason without its details: {@code slack_error: <code>} or the part before the first colon. */
    String reasonKind() {
        if (reason == null || reason.isBlank()) {
            return "(no reason)";
        }
        if (reason.startsWith("slack_error") && slackError != null) {
            return "slack_error: " + slackError;
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
