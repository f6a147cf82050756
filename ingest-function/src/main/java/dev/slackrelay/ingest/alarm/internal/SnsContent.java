package dev.slackrelay.ingest.alarm.internal;

import dev.slackrelay.ingest.alarm.SnsNotification;

/**
 * What an SNS notification carries: a CloudWatch alarm state change, or anything else, posted as text. Immutable.
 */
public sealed interface SnsContent permits CloudWatchAlarm, SnsContent.PlainText {

    /** Classifies a notification; a message that is not well-formed alarm JSON is {@link PlainText}. Never throws. */
    static SnsContent of(SnsNotification notification) {
        SnsContent alarm = CloudWatchAlarm.parse(notification.message());
        return alarm != null ? alarm : new PlainText(notification.subject(), notification.message(),
                notification.topicArn());
    }

    /**
     * Any other notification.
     *
     * @param subject  the SNS {@code Subject}, or {@code null}
     * @param message  the SNS {@code Message}, or {@code null}
     * @param topicArn the topic, or {@code null}
     */
    record PlainText(String subject, String message, String topicArn) implements SnsContent {
    }
}
