package dev.slackrelay.poller.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Builds the {@link SQSEvent} that Lambda's SQS event source would deliver for received messages. Stateless. */
public final class LambdaSqsEvents {

    private LambdaSqsEvents() {
    }

    /** The event for {@code messages} received from the queue {@code queueArn} in {@code region}. */
    public static SQSEvent toEvent(List<Message> messages, String queueArn, String region) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> toRecord(m, queueArn, region)).toList());
        return event;
    }

    /** One record of {@link #toEvent}. */
    public static SQSMessage toRecord(Message message, String queueArn, String region) {
        SQSMessage record = new SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, toAttribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(region);
        return record;
    }

    private static SQSEvent.MessageAttribute toAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        attribute.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
        // Lambda sends the list fields as empty arrays when unused.
        attribute.setStringListValues(List.copyOf(value.stringListValues()));
        attribute.setBinaryListValues(value.binaryListValues().stream().map(SdkBytes::asByteBuffer)
                .map(ByteBuffer::asReadOnlyBuffer).toList());
        return attribute;
    }
}
