package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One B1 run on a fresh local pipeline (Slack emulator, embedded SQS): the backlog queued first, then drained through
 * the event-source emulator by one design, observed from outside (the emulator's record, the handler's timings, the
 * queues). Not thread-safe; use once.
 */
final class DeliveryRun {

    static final String TOKEN = "xoxb-benchmark";
    /** Design (b)'s queue visibility timeout: what a post-and-rethrow function relies on to retry. */
    static final Duration RETHROW_VISIBILITY = Duration.ofSeconds(5);

    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    private static final String PRODUCER = "b1-benchmark";
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
        AtomicReference<TimedHandler> timed = new AtomicReference<>();
        LocalPipeline.Builder setup = LocalPipeline.builder()
                .emulator(slack -> slack.token(TOKEN).ratePerSecond(scenario.ratePerSecond()).burst(scenario.burst())
                        .answerLatency(scenario.latency()))
                .relay(relay -> relay.channelInterval(Duration.ofMillis(1000)).metricsService(PRODUCER))
                .concurrency(scenario.concurrency()).producer(PRODUCER)
                .wrapHandler(handler -> {
                    timed.set(new TimedHandler(handler));
                    return timed.get();
                });
        switch (design) {
            case RELAY -> {
            }
            case POST_AND_RETHROW -> setup.queues(queues -> queues.visibilityTimeout(RETHROW_VISIBILITY))
                    .handler(pipeline -> new PostAndRethrowHandler(URI.create(pipeline.slack().apiUrl()), TOKEN));
        }
        try (LocalPipeline pipeline = setup.start()) {
            int published = publishBacklog(pipeline.publisher());
            return drain(pipeline, timed.get(), published);
        }
    }

    private RunResult drain(LocalPipeline pipeline, TimedHandler handler, int published) throws Exception {
        SlackEmulator emulator = pipeline.slack();
        Instant origin = Instant.now();
        RateLimitSampler sampler = new RateLimitSampler(emulator, origin);
        pipeline.startRelay();
        long[] nextProgress = {System.nanoTime() + PROGRESS_PERIOD.toNanos()};
        boolean drained;
        try {
            drained = pipeline.awaitSettled(scenario.timeout(), () -> true, () -> {
                if (System.nanoTime() > nextProgress[0]) {
                    nextProgress[0] += PROGRESS_PERIOD.toNanos();
                    progress.printf(Locale.ROOT, "  %s, %s: %d s, %d accepted, %d answered 429%n", design.label(),
                            scenario.setting(), Duration.between(origin, Instant.now()).toSeconds(),
                            emulator.stats().accepted(), emulator.stats().rateLimited());
                }
            });
        } finally {
            sampler.close();
        }
        double settle = Duration.between(origin, Instant.now()).toNanos() / 1e9;
        pipeline.stopRelay();
        long left = pipeline.onQueue();
        List<RunResult.Post> posts = new ArrayList<>();
        for (AcceptedPost post : emulator.posts()) {
            posts.add(new RunResult.Post(post.channel(), seq(post.payload().toString()),
                    Duration.between(origin, post.arrival()).toNanos() / 1e9, post.arrivalMillis()));
        }
        List<RunResult.DeadLetter> deadLetters = pipeline.deadLetters().all().stream()
                .map(letter -> new RunResult.DeadLetter(letter.group(), seq(letter.body()),
                        letter.movedByRedrive() ? "redrive (maxReceiveCount)" : letter.reason())).toList();
        return new RunResult(design, scenario, published, pipeline.sqs().queueSpec().maxReceiveCount(), posts,
                sampler.events(), handler.invocations(), deadLetters, emulator.stats(),
                pipeline.deliveryLog().outcomes(), drained, settle, left);
    }

    /** All messages on the queue before the event source starts: the backlog a burst of batch tasks leaves. */
    private int publishBacklog(SlackRelayPublisher publisher) {
        List<SlackMessage> messages = new ArrayList<>();
        for (int seq = 1; seq <= scenario.messagesPerChannel(); seq++) {
            for (String channel : scenario.channels()) {
                messages.add(SlackMessage.builder(channel).title("B1 backlog")
                        .body("seq=" + seq + " of " + scenario.messagesPerChannel() + " for " + channel).build());
            }
        }
        List<PublishResult> results = publisher.publishAll(messages);
        long sent = results.stream().filter(PublishResult::isSent).count();
        if (sent != messages.size()) {
            throw new IllegalStateException("only " + sent + " of " + messages.size() + " messages queued: "
                    + results.stream().filter(r -> !r.isSent()).findFirst().orElseThrow());
        }
        return messages.size();
    }

    private static int seq(String text) {
        Matcher m = SEQ.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
