package dev.slackrelay.system;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.poller.EventSourcePoller;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole relay on one machine, with real parts: the Slack emulator over HTTP, ElasticMQ with the template's queues,
 * the publisher library, and the real {@link RelayHandler} driven by the Lambda event-source emulator. Records every
 * handler invocation so tests can reason about redelivery times.
 */
final class Pipeline implements AutoCloseable {

    static final String TOKEN = "xoxb-system-test";
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    /** One call of the handler by the event source. */
    record Invocation(String messageId, String groupId, int receiveCount, long startNanos, long endNanos,
                      boolean retried) {
    }

    final SlackEmulator slack;
    final EmbeddedSqs sqs;
    final Relay relay;
    final SlackRelayPublisher publisher;
    final EventSourcePoller poller;
    private final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
    private final List<Message> deadLetters = new ArrayList<>();

    private Pipeline(SlackEmulator.Builder slackOptions, UnaryOperator<RelayConfig.Builder> relayOptions,
                     Function<SlackEmulator, String> webhooks, int concurrency, Duration visibility,
                     int maxReceiveCount) {
        slack = slackOptions.build().start();
        sqs = EmbeddedSqs.builder().visibilityTimeout(visibility).maxReceiveCount(maxReceiveCount).build().start();
        RelayConfig config = relayOptions.apply(RelayConfig.builder()
                .queueUrl(sqs.queueUrl()).deadLetterQueueUrl(sqs.dlqUrl())
                .slackBotToken(TOKEN).slackApiUrl(URI.create(slack.apiUrl()))
                .slackTimeout(Duration.ofSeconds(2)).maxReceiveCount(maxReceiveCount))
                .slackWebhooks(webhooks == null ? null : webhooks.apply(slack)).build();
        relay = Relay.builder().config(config).sqsClient(sqs.client()).build();
        RelayHandler handler = new RelayHandler(relay);
        RequestHandler<SQSEvent, SQSBatchResponse> recording = (SQSEvent event, Context context) -> {
            long start = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(event, context);
            long end = System.nanoTime();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                boolean retried = response.getBatchItemFailures().stream()
                        .anyMatch(f -> f.getItemIdentifier().equals(m.getMessageId()));
                invocations.add(new Invocation(m.getMessageId(), m.getAttributes().get("MessageGroupId"),
                        Integer.parseInt(m.getAttributes().get("ApproximateReceiveCount")), start, end, retried));
            }
            return response;
        };
        publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl()).sqsClient(sqs.client()).build();
        poller = EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(sqs.queueUrl())
                .queueArn(sqs.queueArn()).handler(recording).maxConcurrency(concurrency).waitTimeSeconds(1)
                .functionTimeout(Duration.ofSeconds(30)).logOutput(new PrintStream(OutputStream.nullOutputStream()))
                .build();
    }

    static Builder builder() {
        return new Builder();
    }

    Pipeline start() {
        poller.start();
        return this;
    }

    /** Waits until {@code expected} messages are delivered or dead-lettered; fails after {@code timeout}. */
    void awaitSettled(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (slack.posts().size() + deadLetterCount() >= expected && poller.stats().inFlight() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not settled after " + timeout + ": delivered " + slack.posts().size()
                + ", dead-lettered " + deadLetterCount() + ", expected " + expected + "; " + poller.stats());
    }

    private synchronized int deadLetterCount() {
        Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.dlqUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + deadLetters.size();
    }

    /**
     * Every dead letter, with its attributes. They are taken off the DLQ as they are read: a FIFO queue hands out no
     * more of a message group while some of it is in flight.
     */
    synchronized List<Message> deadLetters() {
        while (true) {
            List<Message> batch = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl()).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return List.copyOf(deadLetters);
            }
            deadLetters.addAll(batch);
            for (Message m : batch) {
                sqs.client().deleteMessage(r -> r.queueUrl(sqs.dlqUrl()).receiptHandle(m.receiptHandle()));
            }
        }
    }

    List<Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }

    /** The {@code seq=N} numbers of the posts Slack accepted for a channel, in arrival order. */
    List<Integer> sequence(String channel) {
        List<Integer> out = new ArrayList<>();
        for (AcceptedPost post : slack.posts(channel)) {
            Matcher m = SEQ.matcher(post.payload().path("text").asText());
            if (m.find()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        poller.stop(Duration.ofSeconds(10));
        publisher.close();
        relay.close();
        sqs.close();
        slack.close();
    }

    static final class Builder {
        private SlackEmulator.Builder slack = SlackEmulator.builder().token(TOKEN);
        private UnaryOperator<RelayConfig.Builder> relay = UnaryOperator.identity();
        private int concurrency = 4;
        private Duration visibility = Duration.ofSeconds(30);
        private int maxReceiveCount = 10;
        private Function<SlackEmulator, String> webhooks;

        Builder slack(UnaryOperator<SlackEmulator.Builder> options) {
            slack = options.apply(slack);
            return this;
        }

        Builder relay(UnaryOperator<RelayConfig.Builder> options) {
            relay = options;
            return this;
        }

        /** Post through incoming webhooks: the channel → URL map, made from the running emulator. */
        Builder webhooks(Function<SlackEmulator, String> map) {
            webhooks = map;
            return this;
        }

        Builder concurrency(int workers) {
            concurrency = workers;
            return this;
        }

        Builder maxReceiveCount(int count) {
            maxReceiveCount = count;
            return this;
        }

        Pipeline start() {
            return new Pipeline(slack, relay, webhooks, concurrency, visibility, maxReceiveCount).start();
        }
    }

    static Set<String> channels(String... channels) {
        return Set.of(channels);
    }
}
