package dev.slackrelay.system;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.pipeline.DeadLetter;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.poller.PollerStats;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.RelayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The system tests' fixture over the local pipeline kit ({@link LocalPipeline}): the Slack emulator over HTTP,
 * ElasticMQ with the template's queues, the publisher library, and the real relay driven by the Lambda event-source
 * emulator, its delivery log on standard output. Records every handler invocation so tests can reason about
 * redelivery times.
 */
final class Pipeline implements AutoCloseable {

    static final String TOKEN = "xoxb-system-test";
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    /** One call of the handler by the event source. */
    record Invocation(String messageId, String groupId, int receiveCount, long startNanos, long endNanos,
                      boolean retried) {
    }

    final LocalPipeline kit;
    final SlackEmulator slack;
    final EmbeddedSqs sqs;
    final SlackRelayPublisher publisher;
    private final List<Invocation> invocations;

    private Pipeline(LocalPipeline kit, List<Invocation> invocations) {
        this.kit = kit;
        this.slack = kit.slack();
        this.sqs = kit.sqs();
        this.publisher = kit.publisher();
        this.invocations = invocations;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Records each invocation of {@code handler}: when, which message, and whether it was left for a retry. */
    private static RequestHandler<SQSEvent, SQSBatchResponse> recording(
            RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Invocation> invocations) {
        return (SQSEvent event, Context context) -> {
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
    }

    /**
     * Waits until {@code expected} posts and dead letters are in and nothing is left on the queue; fails after
     * {@code timeout}.
     */
    void awaitSettled(int expected, Duration timeout) throws InterruptedException {
        if (!kit.awaitSettled(timeout, () -> slack.posts().size() + kit.deadLetters().drained().size() >= expected,
                () -> { })) {
            throw new AssertionError("not settled after " + timeout + ": delivered " + slack.posts().size()
                    + ", dead-lettered " + kit.deadLetters().drained().size() + ", expected " + expected + ", "
                    + kit.onQueue() + " on the queue; " + kit.pollerStats());
        }
    }

    /** Every dead letter, with its attributes (taken off the DLQ as they are read). */
    List<Message> deadLetters() {
        return kit.deadLetters().all().stream().map(DeadLetter::message).toList();
    }

    PollerStats pollerStats() {
        return kit.pollerStats();
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

    /**
     * The {@code seq=N} numbers each accepted post to a channel carried, post by post in arrival order: one number for
     * a single message, several for a digest (read from its blocks, where every notification keeps its text).
     */
    List<List<Integer>> notifications(String channel) {
        List<List<Integer>> out = new ArrayList<>();
        for (AcceptedPost post : slack.posts(channel)) {
            List<Integer> numbers = new ArrayList<>();
            for (var block : post.payload().path("blocks")) {
                Matcher m = SEQ.matcher(block.path("text").path("text").asText());
                while (m.find()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            }
            out.add(numbers);
        }
        return out;
    }

    @Override
    public void close() {
        kit.close();
    }

    static final class Builder {
        private UnaryOperator<SlackEmulator.Builder> slack = UnaryOperator.identity();
        private UnaryOperator<RelayConfig.Builder> relay = UnaryOperator.identity();
        private int concurrency = 4;
        private int maxReceiveCount = 10;
        private Function<SlackEmulator, String> webhooks;
        private boolean deferRelay;

        Builder slack(UnaryOperator<SlackEmulator.Builder> options) {
            slack = options;
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

        /** Starts everything but the relay; the test starts it with {@code kit.startRelay()}, e.g. after publishing. */
        Builder deferRelay() {
            deferRelay = true;
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

        Pipeline start() throws InterruptedException {
            List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
            LocalPipeline kit = LocalPipeline.builder()
                    .emulator(s -> slack.apply(s.token(TOKEN)))
                    .queues(q -> q.visibilityTimeout(Duration.ofSeconds(30)).maxReceiveCount(maxReceiveCount))
                    .relay(r -> relay.apply(r.slackTimeout(Duration.ofSeconds(2))))
                    .webhooks(webhooks)
                    .wrapHandler(handler -> recording(handler, invocations))
                    .concurrency(concurrency).longPollWait(Duration.ofSeconds(1))
                    .deliveryLogCopy(System.out)
                    .start();
            try {
                if (!deferRelay) {
                    kit.startRelay();
                }
            } catch (InterruptedException | RuntimeException e) {
                kit.close();
                throw e;
            }
            return new Pipeline(kit, invocations);
        }
    }

    static Set<String> channels(String... channels) {
        return Set.of(channels);
    }
}
