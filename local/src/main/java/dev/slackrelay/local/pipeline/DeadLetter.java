package dev.slackrelay.local.pipeline;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One message taken off the dead-letter queue, with the attributes the relay gave it. Immutable and thread-safe.
 *
 * @param sourceId     the ID of the message it is a copy of (the relay's {@code sourceMessageId}); its own ID if the
 *                     redrive policy moved it (then it has no reason)
 * @param group        its message group, the channel it was meant for, or {@code "?"}
 * @param reason       why the relay dead-lettered it, or {@code null} if the redrive policy moved it
 * @param slackError   Slack's error code, or {@code null}
 * @param receiveCount how often it had been received when the relay gave up, or 0 if unknown
 * @param message      the message as received from the dead-letter queue, body and attributes included
 */
public record DeadLetter(String sourceId, String group, String reason, String slackError, int receiveCount,
                         Message message) {

    /** Whether the redrive policy ({@code maxReceiveCount}) moved it rather than the relay. */
    public boolean movedByRedrive() {
        return reason == null;
    }

    /** Its body: the message the relay could not deliver. */
    public String body() {
        return message.body();
    }

    /** The reason without its details: {@code slack_error: <code>} or the part before the first colon. */
    public String reasonKind() {
        if (reason == null || reason.isBlank()) {
            return "(no reason)";
        }
        if (reason.startsWith("slack_error") && slackError != null) {
            return "slack_error: " + slackError;
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** Whether its body or any of its attributes contains {@code secret}. */
    public boolean contains(String secret) {
        return message.body().contains(secret) || message.messageAttributes().values().stream()
                .anyMatch(v -> v.stringValue() != null && v.stringValue().contains(secret));
    }
}
