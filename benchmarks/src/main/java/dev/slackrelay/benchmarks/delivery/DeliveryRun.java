package dev.slackrelay.benchmarks.delivery;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.poller.EventSourcePoller;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One B1 run: a fresh Slack emulator and a fresh embedded SQS, the backlog queued first, then drained through the
 * event-source emulator by one design, observed from outside (the emulator's record, the handler's timings, the
 * queues). Not thread-safe; use once.
 */
final class DeliveryRun {

    static final String TOKEN = "xoxb-benchmark";
    /** Design (b)'s queue visibility timeout: what a post-and-rethrow function relies on to retry. */
    static final Duration RETHROW_VISIBILITY = Duration.ofSeconds(5);

    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    private static final Duration CHECK_PERIOD = Duration.ofMillis(200);
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(15);

    private final Design design;
    private final Scenario scenario;
    private final PrintStream progress;

    DeliveryRun(Design design, Scenario scenario, PrintStream progress) {
        this.design = design;
        this.scenario = scenario;
        this.progress = progress;
    }

    RunResult execute() throws Exception {
        EmbeddedSqs.Builder queues = EmbeddedSqs.builder();
        if (design == Design.POST_AND_RETHROW) {
            queues.visibilityTimeout(RETHROW_VISIBILITY);
        }
        try (SlackEmulator emulator = SlackEmulator.builder().token(TOKEN).ratePerSecond(scenario.ratePerSecond())
                .burst(scenario.burst()).build().start();
             EmbeddedSqs sqs = queues.build().start()) {
            int published = publishBacklog(sqs);
            OutcomeCounter relayLog = new OutcomeCounter();
            DesignHandler under = switch (design) {
                case RELAY -> {
                    Relay relay = Relay.builder().config(relayConfig(sqs, emulator)).sqsClient(sqs.client())
                            .deliveryLog(new PrintStream(relayLog.sink(), true)).build();
                    yield new DesignHandler(new RelayHandler(relay), relay);
                }
                case POST_AND_RETHROW -> {
                    PostAndRethrowHandler rethrow = new PostAndRethrowHandler(URI.create(emulator.apiUrl()), TOKEN);
                    yield new DesignHandler(rethrow, rethrow);
                }
            };
            try {
                return drain(emulator, sqs, new TimedHandler(under.handler()), published, relayLog);
            } finally {
                under.resources().close();
            }
        }
    }

    /** The handler of a design and what to close after the run. */
    private record DesignHandler(RequestHandler<SQSEvent, SQSBatchResponse> handler, AutoCloseable resources) {
    }

    private RunResult drain(SlackEmulator emulator, EmbeddedSqs sqs, TimedHandler handler, int published,
                            OutcomeCounter relayLog) throws Exception {
        EventSourcePoller poller = EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(sqs.queueUrl())
                .queueArn(sqs.queueArn()).handler(handler).maxConcurrency(scenario.concurrency())
                .functionTimeout(Duration.ofSeconds(30)).functionName("b1-" + design.name().toLowerCase(Locale.ROOT))
                .logOutput(new PrintStream(OutputStream.nullOutputStream())).build();
        Instant origin = Instant.now();
        RateLimitSampler sampler = new RateLimitSampler(emulator, origin);
        poller.start();
        boolean drained = false;
        long deadline = System.nanoTime() + scenario.timeout().toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_PERIOD.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (poller.stats().inFlight() == 0 && onQueue(sqs.client(), sqs.queueUrl()) == 0) {
                    drained = true;
                    break;
                }
                if (System.nanoTime() > nextProgress) {
                    nextProgress += PROGRESS_PERIOD.toNanos();
                    progress.printf(Locale.ROOT, "  %s, %s: %d s, %d accepted, %d answered 429%n", design.label(),
                            scenario.setting(), Duration.between(origin, Instant.now()).toSeconds(),
                            emulator.stats().accepted(), emulator.stats().rateLimited());
                }
                Thread.sleep(CHECK_PERIOD);
            }
        } finally {
            sampler.close();
        }
        double settle = Duration.between(origin, Instant.now()).toNanos() / 1e9;
        poller.stop(Duration.ofSeconds(35));
        long left = onQueue(sqs.client(), sqs.queueUrl());
        List<RunResult.Post> posts = new ArrayList<>();
        for (AcceptedPost post : emulator.posts()) {
            posts.add(new RunResult.Post(post.channel(), seq(post.payload().toString()),
                    Duration.between(origin, post.arrival()).toNanos() / 1e9, post.arrivalMillis()));
        }
        return new RunResult(design, scenario, published, sqs.queueSpec().maxReceiveCount(), posts,
                sampler.events(), handler.invocations(), deadLetters(sqs), emulator.stats(), relayLog.counts(),
                drained, settle, left);
    }

    /** All messages on the queue before the event source starts: the backlog a burst of batch tasks leaves. */
    private int publishBacklog(EmbeddedSqs sqs) {
        List<SlackMessage> messages = new ArrayList<>();
        for (int seq = 1; seq <= scenario.messagesPerChannel(); seq++) {
            for (String channel : scenario.channels()) {
                messages.add(SlackMessage.builder(channel).title("B1 backlog")
                        .body("seq=" + seq + " of " + scenario.messagesPerChannel() + " for " + channel).build());
            }
        }
        try (SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl())
                .sqsClient(sqs.client()).producer("b1-benchmark").build()) {
            List<PublishResult> results = publisher.publishAll(messages);
            long sent = results.stream().filter(PublishResult::isSent).count();
            if (sent != messages.size()) {
                throw new IllegalStateException("only " + sent + " of " + messages.size() + " messages queued: "
                        + results.stream().filter(r -> !r.isSent()).findFirst().orElseThrow());
            }
            return messages.size();
        }
    }

    private static RelayConfig relayConfig(EmbeddedSqs sqs, SlackEmulator emulator) {
        return RelayConfig.builder().queueUrl(sqs.queueUrl()).deadLetterQueueUrl(sqs.dlqUrl()).slackBotToken(TOKEN)
                .slackApiUrl(URI.create(emulator.apiUrl())).channelInterval(Duration.ofMillis(1000))
                .maxReceiveCount(sqs.queueSpec().maxReceiveCount()).metricsService("b1-benchmark").build();
    }

    private static long onQueue(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Takes every message off the dead-letter queue (FIFO hands out no more of a group while some is in flight). */
    private static List<RunResult.DeadLetter> deadLetters(EmbeddedSqs sqs) {
        List<RunResult.DeadLetter> out = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl()).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return out;
            }
            for (Message m : batch) {
                var reason = m.messageAttributes().get("reason");
                out.add(new RunResult.DeadLetter(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
                        seq(m.body()), reason == null ? "redrive (maxReceiveCount)" : reason.stringValue()));
                sqs.client().deleteMessage(r -> r.queueUrl(sqs.dlqUrl()).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static int seq(String text) {
        Matcher m = SEQ.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
