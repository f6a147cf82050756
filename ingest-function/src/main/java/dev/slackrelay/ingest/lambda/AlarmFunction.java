package dev.slackrelay.ingest.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.slackrelay.ingest.IngestConfig;
import dev.slackrelay.ingest.alarm.AlarmForwarder;
import dev.slackrelay.ingest.alarm.SnsNotification;
import java.util.List;

/**
 * The Lambda entry point of the alarm topic's subscription: hands each SNS record to an {@link AlarmForwarder}, which
 * queues it for {@code ALARM_CHANNEL}. An SQS failure is thrown, so that SNS delivers the notification again; the SNS
 * {@code MessageId} keeps a redelivery from being posted twice. Built once per execution environment; thread-safe.
 */
public final class AlarmFunction implements RequestHandler<SNSEvent, Void> {

    private final AlarmForwarder forwarder;

    /** Used by Lambda: configuration from the environment (see {@link IngestConfig#fromEnvironment()}). */
    public AlarmFunction() {
        this(AlarmForwarder.create(IngestConfig.fromEnvironment()));
    }

    /** Used by tests and other hosts. */
    public AlarmFunction(AlarmForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SNSEvent.SNSRecord record : records) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns != null) {
                forwarder.forward(new SnsNotification(sns.getMessageId(), sns.getTopicArn(), sns.getSubject(),
                        sns.getMessage()));
            }
        }
        return null;
    }
}
