package dev.slackrelay.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Lambda entry point for the SQS FIFO event source ({@code BatchSize: 1}, {@code ReportBatchItemFailures}):
 * turns each record into an {@link InboundMessage}, lets the {@link Relay} handle it and reports the ones to retry
 * as batch item failures. Built once per execution environment; thread-safe.
 */
public final class RelayHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Relay relay;

    /** Used by Lambda: configuration from the environment (see {@link RelayConfig#fromEnvironment()}). */
    public RelayHandler() {
        this(Relay.builder().config(RelayConfig.fromEnvironment()).build());
    }

    /** Used by the local poller and tests. */
    public RelayHandler(Relay relay) {
        this.relay = relay;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        // In a FIFO batch, once a message of a group is kept for retry, the later ones of that group must be too,
        // or they would overtake it.
        Set<String> heldGroups = new HashSet<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            InboundMessage message = toInbound(record);
            boolean retry = message.groupId() != null && heldGroups.contains(message.groupId())
                    || relay.handle(message) == Disposition.RETRY;
            if (retry) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                if (message.groupId() != null) {
                    heldGroups.add(message.groupId());
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    static InboundMessage toInbound(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes() == null ? Map.of() : record.getAttributes();
        Map<String, String> messageAttributes = new HashMap<>();
        if (record.getMessageAttributes() != null) {
            record.getMessageAttributes().forEach((name, value) -> {
                if (value != null && value.getStringValue() != null) {
                    messageAttributes.put(name, value.getStringValue());
                }
            });
        }
        return new InboundMessage(record.getMessageId(), record.getReceiptHandle(), record.getBody(),
                attributes.get("MessageGroupId"), parseInt(attributes.get("ApproximateReceiveCount")),
                parseInstant(attributes.get("SentTimestamp")), messageAttributes, record.getEventSourceArn());
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Instant parseInstant(String epochMillis) {
        try {
            return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
