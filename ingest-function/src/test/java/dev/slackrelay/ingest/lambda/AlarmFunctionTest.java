package dev.slackrelay.ingest.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.slackrelay.ingest.IngestConfig;
import dev.slackrelay.ingest.alarm.AlarmForwarder;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The alarm Lambda host on the sample SNS events of {@code events/}, publishing to ElasticMQ. (Events are loaded with
 * {@code EventLoader}, as in the relay's tests.)
 */
class AlarmFunctionTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    private static final String CHANNEL = "C0ALARMS";

    private String queueUrl;
    private String urgentQueueUrl;

    @BeforeEach
    void createQueues() {
        queueUrl = SQS.createFifoQueue();
        urgentQueueUrl = SQS.createFifoQueue();
    }

    @Test
    void queuesAnAlarmOnTheUrgentLaneKeyedByItsSnsMessageId() {
        SNSEvent event = EventLoader.loadSNSEvent("events/sns-cloudwatch-alarm.json");

        function(urgentQueueUrl).handleRequest(event, null);

        assertThat(SQS.drain(queueUrl)).isEmpty();
        Message queued = single(SQS.drain(urgentQueueUrl));
        assertThat(queued.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(CHANNEL);
        assertThat(queued.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(event.getRecords().getFirst().getSNS().getMessageId());
        SlackMessage message = WireFormat.decode(queued.body());
        assertThat(message.title()).startsWith(":rotating_light: ALARM: slack-relay-OldestMessageAlarm-");
        assertThat(message.priority()).isEqualTo(Priority.URGENT);
        assertThat(message.extraBlocks()).hasSize(2);
    }

    @Test
    void queuesAnAlarmOnTheMainQueueWhenThereIsNoUrgentLane() {
        function(null).handleRequest(EventLoader.loadSNSEvent("events/sns-cloudwatch-alarm.json"), null);

        assertThat(WireFormat.decode(single(SQS.drain(queueUrl)).body()).priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void queuesEveryOtherSampleOnTheMainQueue() {
        AlarmFunction function = function(urgentQueueUrl);
        for (String file : List.of("sns-cloudwatch-ok.json", "sns-cloudwatch-insufficient.json",
                "sns-plain-message.json")) {
            function.handleRequest(EventLoader.loadSNSEvent("events/" + file), null);
        }

        assertThat(SQS.drain(urgentQueueUrl)).isEmpty();
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).title()).containsExactly(
                ":white_check_mark: OK: slack-relay-DeadLetterQueueAlarm-7TQ2MZP0Y4RA (was ALARM)",
                ":grey_question: INSUFFICIENT_DATA: orders-api Errors (was OK)",
                "Deploy finished: orders-api v2.14.0");
    }

    @Test
    void queuesARedeliveredNotificationOnce() {
        AlarmFunction function = function(urgentQueueUrl);
        SNSEvent event = EventLoader.loadSNSEvent("events/sns-cloudwatch-composite.json");

        function.handleRequest(event, null);
        function.handleRequest(event, null);

        single(SQS.drain(urgentQueueUrl));
    }

    @Test
    void throwsWhenSqsRefusesSoThatSnsDeliversAgain() {
        String missing = queueUrl.replace(".fifo", "-missing.fifo");
        AlarmFunction function = new AlarmFunction(AlarmForwarder.create(CHANNEL,
                SlackRelayPublisher.builder().queueUrl(missing).sqsClient(SQS.client()).build()));

        assertThatThrownBy(() -> function.handleRequest(
                EventLoader.loadSNSEvent("events/sns-plain-message.json"), null)).isInstanceOf(SdkException.class);
    }

    @Test
    void handlesAnEventWithoutRecords() {
        function(urgentQueueUrl).handleRequest(new SNSEvent(), null);

        assertThat(SQS.drain(queueUrl)).isEmpty();
    }

    @Test
    void needsAnAlarmChannel() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("SQS_QUEUE_URL", queueUrl));

        assertThatThrownBy(() -> AlarmForwarder.create(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(IngestConfig.ALARM_CHANNEL_VARIABLE);
    }

    private AlarmFunction function(String urgentQueue) {
        return new AlarmFunction(AlarmForwarder.create(CHANNEL, SlackRelayPublisher.builder().queueUrl(queueUrl)
                .urgentQueueUrl(urgentQueue).sqsClient(SQS.client()).build()));
    }

    private static Message single(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }
}
