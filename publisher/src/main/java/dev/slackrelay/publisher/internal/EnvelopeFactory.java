package dev.slackrelay.publisher.internal;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation.Code;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.PublishOptions;
import dev.slackrelay.queue.MessageAttributes;
import dev.slackrelay.queue.SqsLimits;
import dev.slackrelay.queue.SqsText;
import dev.slackrelay.render.BlockKitRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Turns a message and its options into an {@link Envelope}, rejecting before any network call whatever SQS or
 * Slack would refuse. Stateless apart from its configuration; thread-safe.
 */
public final class EnvelopeFactory {

    /** W3C trace context; later versions may append fields after a dash. */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-[\\x21-\\x7E]{0,200})?");
    private static final String STRING = "String";

    private final String producer;

    /** @param producer value of the {@code producer} attribute of every message, or {@code null} */
    public EnvelopeFactory(String producer) {
        this.producer = producer;
    }

    /**
     * Validates and render-checks the message, checks the options and the size, and builds the envelope.
     *
     * @throws InvalidMessageException naming every offending field ({@code idempotencyKey}, {@code traceparent}
     *                                 for the options, {@code (body)} when the whole is too large for SQS)
     */
    public Envelope prepare(int index, SlackMessage message, PublishOptions options) {
        Objects.requireNonNull(message, "message");
        PublishOptions opts = options == null ? PublishOptions.NONE : options;
        List<Violation> violations = new ArrayList<>();
        try {
            BlockKitRenderer.render(message);
        } catch (InvalidMessageException e) {
            violations.addAll(e.violations());
        }
        String key = opts.idempotencyKey();
        if (key != null && !SqsLimits.isFifoId(key)) {
            violations.add(new Violation("idempotencyKey", Code.INVALID,
                    "must be 1-128 printable ASCII characters without spaces (it is the SQS MessageDeduplicationId)"));
        }
        String traceparent = opts.traceparent();
        if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
            violations.add(new Violation("traceparent", Code.INVALID,
                    "must be a W3C trace context such as 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }

        String body = WireFormat.encode(message);
        int bad = SqsText.firstInvalid(body);
        if (bad >= 0) {
            throw new InvalidMessageException("(body)", Code.INVALID,
                    String.format("contains U+%04X, a character SQS does not accept", bad));
        }
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        if (producer != null) {
            attributes.put(MessageAttributes.PRODUCER, string(producer));
        }
        if (traceparent != null) {
            attributes.put(MessageAttributes.TRACEPARENT, string(traceparent));
        }
        long size = SqsText.utf8Length(body);
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            size += SqsText.utf8Length(a.getKey()) + STRING.length() + SqsText.utf8Length(a.getValue().stringValue());
        }
        if (size > SqsLimits.MAX_MESSAGE_BYTES) {
            throw new InvalidMessageException("(body)", Code.TOO_LARGE,
                    "is " + size + " bytes in UTF-8 with its message attributes;"
                    + " SQS accepts at most " + SqsLimits.MAX_MESSAGE_BYTES + " bytes");
        }
        String deduplicationId = key != null ? key : UUID.randomUUID().toString();
        return new Envelope(index, message.channel(), deduplicationId, body, attributes, size);
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType(STRING).stringValue(value).build();
    }
}
