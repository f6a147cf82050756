package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.slackrelay.relay.RelayTest.RecordingSqs;
import dev.slackrelay.relay.RelayTest.ScriptedTransport;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler on the sample events that {@code sam local invoke} uses. (They are loaded with
 * {@code EventLoader} because the library's {@code @Event} provider predates JUnit 5.13's arguments API.)
 */
class RelayHandlerTest {

    private final ScriptedTransport slack = new ScriptedTransport();
    private final RecordingSqs sqs = new RecordingSqs();
    private final RelayHandler handler;

    RelayHandlerTest() {
        RelayConfig config = RelayConfig.builder().queueUrl("http://q/relay.fifo").deadLetterQueueUrl("http://q/dlq.fifo")
                .slackBotToken("xoxb-x").channelInterval(Duration.ZERO).build();
        handler = new RelayHandler(Relay.builder().config(config).sqsClient(sqs).transport(slack)
                .deliveryLog(new PrintStream(OutputStream.nullOutputStream())).build());
    }

    @Test
    void postsTheSampleMessage() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-message.json");
        slack.answer(new SlackOutcome.Delivered("1.1", Duration.ZERO, System.nanoTime()));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.posts).singleElement().satisfies(p -> {
            assertThat(p.channel()).isEqualTo(event.getRecords().get(0).getAttributes().get("MessageGroupId"));
            assertThat(p.blocks().size()).isGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void retriesARateLimitedUrgentRecordOnTheQueueItCameFrom() {
        String queues = "https://sqs.us-east-1.amazonaws.com/123456789012/";
        RelayConfig config = RelayConfig.builder().queueUrl(queues + "slack-relay.fifo")
                .urgentQueueUrl(queues + "slack-relay-urgent.fifo").deadLetterQueueUrl("http://q/dlq.fifo")
                .slackBotToken("xoxb-x").channelInterval(Duration.ZERO).build();
        RelayHandler urgentAware = new RelayHandler(Relay.builder().config(config).sqsClient(sqs).transport(slack)
                .deliveryLog(new PrintStream(OutputStream.nullOutputStream())).build());
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-urgent-message.json");
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(3), Duration.ZERO));

        SQSBatchResponse response = urgentAware.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
        assertThat(sqs.visibility).singleElement().satisfies(r -> {
            assertThat(r.queueUrl()).isEqualTo(config.urgentQueueUrl());
            assertThat(r.receiptHandle()).isEqualTo(event.getRecords().get(0).getReceiptHandle());
        });
        assertThat(sqs.lookups).isEmpty();
    }

    @Test
    void postsAnOlderProducersMessageField() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-legacy-message.json");
        slack.answer(new SlackOutcome.Delivered("1.1", Duration.ZERO, System.nanoTime()));

        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(slack.posts.get(0).blocks().toString()).contains("Nightly export finished");
    }

    @Test
    void repliesInTheThread() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-thread-reply.json");
        slack.answer(new SlackOutcome.Delivered("1.1", Duration.ZERO, System.nanoTime()));

        handler.handleRequest(event, null);

        assertThat(slack.posts.get(0).threadTs()).matches("\\d+\\.\\d+");
    }

    @Test
    void deadLettersTheMalformedBodyAndReportsSuccessSoTheChannelMovesOn() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-malformed.json");
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(slack.posts).isEmpty();
        assertThat(sqs.sent).singleElement().satisfies(dead -> {
            assertThat(dead.messageAttributes().get("reason").stringValue()).startsWith("invalid_message");
            assertThat(dead.messageBody()).isEqualTo(event.getRecords().get(0).getBody());
        });
    }

    @Test
    void holdsBackLaterMessagesOfAGroupWhoseEarlierMessageMustBeRetried() {
        SQSEvent first = EventLoader.loadSQSEvent("events/sqs-message.json");
        SQSEvent.SQSMessage a = first.getRecords().get(0);
        SQSEvent.SQSMessage b = EventLoader.loadSQSEvent("events/sqs-message.json").getRecords().get(0);
        b.setMessageId("second-of-the-group");
        SQSEvent.SQSMessage c = EventLoader.loadSQSEvent("events/sqs-legacy-message.json").getRecords().get(0);
        c.setMessageId("other-group");
        c.getAttributes().put("MessageGroupId", "C-other");
        SQSEvent batch = new SQSEvent();
        batch.setRecords(new ArrayList<>(List.of(a, b, c)));
        slack.answer(new SlackOutcome.RateLimited(Duration.ofSeconds(3), Duration.ZERO));
        slack.answer(new SlackOutcome.Delivered("1.1", Duration.ZERO, System.nanoTime()));

        SQSBatchResponse response = handler.handleRequest(batch, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(a.getMessageId(), "second-of-the-group");
        assertThat(slack.posts).hasSize(2);
    }
}
