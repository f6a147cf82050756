package dev.slackrelay.publisher.internal;

import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * One validated message ready for SQS: its body in the wire format, its FIFO group and deduplication ID (fixed
 * once, so every resend of it is deduplicated), its attributes and its size as SQS counts it. Immutable.
 *
 * @param index           position in the caller's list (0 for a single publish)
 * @param groupId         the {@code MessageGroupId}: the Slack channel
 * @param deduplicationId the {@code MessageDeduplicationId}
 * @param body            the wire-format JSON
 * @param attributes      message attributes, all of type {@code String}
 * @param size            body plus attribute names, types and values, in UTF-8 bytes
 */
public record Envelope(int index, String groupId, String deduplicationId, String body,
                       Map<String, MessageAttributeValue> attributes, long size) {

    public Envelope {
        attributes = Map.copyOf(attributes);
    }

    public SendMessageRequest toRequest(String queueUrl) {
        return SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageGroupId(groupId)
                .messageDeduplicationId(deduplicationId)
                .messageBody(body)
                .messageAttributes(attributes)
                .build();
    }

    /** A batch entry whose ID is the index, unique within any one call. */
    public SendMessageBatchRequestEntry toEntry() {
        return SendMessageBatchRequestEntry.builder()
                .id(entryId())
                .messageGroupId(groupId)
                .messageDeduplicationId(deduplicationId)
                .messageBody(body)
                .messageAttributes(attributes)
                .build();
    }

    public String entryId() {
        return Integer.toString(index);
    }
}
