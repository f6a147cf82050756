package dev.slackrelay.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda entry point for the SQS FIFO event source ({@code BatchSize: MESSAGES_PER_POST},
 * {@code ReportBatchItemFailures}): turns the records into {@link InboundMessage}s, lets the {@link Relay} handle
 * the batch within the function's remaining time and reports the ones to retry as batch item failures. Built once
 * per execution environment; thread-safe.
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

    /**
     * Handles the batch; messages to retry (and those not attempted before the function's remaining time ran short)
     * are reported as batch item failures. A {@code null} context means no deadline.
     */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<InboundMessage> batch = records.stream().map(RelayHandler::toInbound).toList();
        List<Disposition> dispositions = relay.handle(batch,
                context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (dispositions.get(i) == Disposition.RETRY) {
                failures.add(new SQSBatchResponse.BatchItemFailure(batch.get(i).messageId()));
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
                parseInstant(attributes.get("SentTimestamp")), messageAttributes);
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
