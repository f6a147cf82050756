package dev.slackrelay.ingest.alarm;

/**
 * One Amazon SNS notification as the alarm core sees it, whatever delivered it (the alarm Lambda's SNS event
 * source, a test, the local twin). Immutable and thread-safe. Every field may be {@code null}: SNS input is never
 * trusted to be complete.
 *
 * @param messageId the SNS {@code MessageId}, the same on every redelivery of the notification
 * @param topicArn  the topic it was published to
 * @param subject   the optional {@code Subject}
 * @param message   the {@code Message}: CloudWatch alarm JSON, or any text a publisher sent
 */
public record SnsNotification(String messageId, String topicArn, String subject, String message) {
}
