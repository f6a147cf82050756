package dev.slackrelay.benchmarks.urgent;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One B6 run on a fresh local pipeline: a backlog queued in one channel, the relay started, then urgent messages to
 * the same channel published one by one while the backlog drains, each timed from its publish call to its arrival at
 * the Slack emulator. The run stops once every urgent message arrived (or waited too long); the backlog's order is
 * checked on what was delivered by then. Not thread-safe; use once.
 */
final class UrgentRun {

    static final String TOKEN = "xoxb-benchmark";
    static final String CHANNEL = "C0URGENT01";
    static final Duration INTERVAL = Duration.ofMillis(1000);

    private static final String PRODUCER = "b6-benchmark";
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    private static final Pattern URGENT = Pattern.compile("urgent=(\\d+)");
    private static final Duration POLL = Duration.ofMillis(10);

    /** What one run is: the settings that vary and those that do not. */
    record Setting(int backlog, int urgentMessages, Duration firstAfter, Duration spacing, int burst,
                   AnswerLatency latency, int concurrency, int urgentConcurrency, Duration urgentPatience) {

        String label() {
            return "burst " + burst;
        }
    }

    /** One urgent message: when it was published, when (and whether) it reached Slack, what it met on the way. */
    record Urgent(int number, String messageId, Instant published, Instant arrived, long rateLimited,
                  int backlogLeft, Double nearestNormalGapMillis) {

        boolean arrivedAtAll() {
            return arrived != null;
        }

        double latencySeconds() {
            return arrived == null ? Double.NaN : Duration.between(published, arrived).toNanos() / 1e9;
        }

        boolean withinOneInterval() {
            return nearestNormalGapMillis != null && nearestNormalGapMillis < INTERVAL.toMillis();
        }
    }

    /** The run's outcome. */
    record Result(Setting setting, List<Urgent> urgent, int normalDelivered, boolean backlogInOrder,
                  long normalDuplicates, long normalRateLimited, Map<String, Long> outcomes, double seconds) {
    }

    private final Setting setting;
    private final PrintStream progress;

    UrgentRun(Setting setting, PrintStream progress) {
        this.setting = setting;
        this.progress = progress;
    }

    Result execute() throws Exception {
        LocalPipeline.Builder setup = LocalPipeline.builder()
                .emulator(slack -> slack.token(TOKEN).ratePerSecond(1.0).burst(setting.burst())
                        .answerLatency(setting.latency()))
                .relay(relay -> relay.channelInterval(INTERVAL).metricsService(PRODUCER))
                .concurrency(setting.concurrency()).urgentConcurrency(setting.urgentConcurrency())
                .producer(PRODUCER);
        try (LocalPipeline pipeline = setup.start()) {
            publishBacklog(pipeline);
            Instant start = Instant.now();
            pipeline.startRelay();
            List<String> ids = new ArrayList<>();
            List<Instant> published = new ArrayList<>();
            for (int n = 1; n <= setting.urgentMessages(); n++) {
                Instant due = start.plus(setting.firstAfter()).plus(setting.spacing().multipliedBy(n - 1));
                sleepUntil(due);
                Instant before = Instant.now();
                ids.add(pipeline.publisher().publish(SlackMessage.builder(CHANNEL).title("B6 urgent")
                        .body("urgent=" + n + " of " + setting.urgentMessages()).priority(Priority.URGENT).build())
                        .messageId());
                published.add(before);
                progress.printf(Locale.ROOT, "  %s: urgent %d published at %.1f s, %d backlog posts so far%n",
                        setting.label(), n, seconds(start, before), normalPosts(pipeline).size());
            }
            Instant patience = Instant.now().plus(setting.urgentPatience());
            while (urgentPosts(pipeline).size() < setting.urgentMessages() && Instant.now().isBefore(patience)) {
                Thread.sleep(POLL);
            }
            double seconds = seconds(start, Instant.now());
            pipeline.stopRelay();
            return result(pipeline, ids, published, seconds);
        }
    }

    private Result result(LocalPipeline pipeline, List<String> ids, List<Instant> published, double seconds) {
        List<AcceptedPost> posts = pipeline.slack().posts(CHANNEL);
        List<AcceptedPost> normal = normalPosts(pipeline);
        List<DeliveryRecorder.Entry> log = pipeline.deliveryLog().entries();
        List<Urgent> urgent = new ArrayList<>();
        for (int n = 1; n <= ids.size(); n++) {
            String id = ids.get(n - 1);
            long limited = log.stream().filter(e -> e.messageId().equals(id) && e.rateLimited()).count();
            Optional<AcceptedPost> post = find(posts, URGENT, n);
            Instant arrived = post.map(AcceptedPost::arrival).orElse(null);
            int left = arrived == null ? -1
                    : setting.backlog() - (int) normal.stream().filter(p -> p.arrival().isBefore(arrived)).count();
            Double gap = post.flatMap(p -> normal.stream().map(o -> Math.abs(o.arrivalMillis() - p.arrivalMillis()))
                    .min(Double::compare)).orElse(null);
            urgent.add(new Urgent(n, id, published.get(n - 1), arrived, limited, left, gap));
        }
        List<Integer> seqs = normal.stream().map(p -> number(SEQ, p)).toList();
        boolean inOrder = true;
        for (int i = 0; i < seqs.size(); i++) {
            inOrder &= seqs.get(i) == i + 1;
        }
        long duplicates = seqs.size() - seqs.stream().distinct().count();
        List<String> urgentIds = List.copyOf(ids);
        long normalLimited = log.stream().filter(e -> e.rateLimited() && !urgentIds.contains(e.messageId())).count();
        return new Result(setting, urgent, normal.size(), inOrder, duplicates, normalLimited,
                pipeline.deliveryLog().outcomes(), seconds);
    }

    /** Every backlog message on the queue before the relay starts, one call per message (a single channel). */
    private void publishBacklog(LocalPipeline pipeline) {
        List<SlackMessage> messages = new ArrayList<>();
        for (int seq = 1; seq <= setting.backlog(); seq++) {
            messages.add(SlackMessage.builder(CHANNEL).title("B6 backlog")
                    .body("seq=" + seq + " of " + setting.backlog()).build());
        }
        List<PublishResult> results = pipeline.publisher().publishAll(messages);
        long sent = results.stream().filter(PublishResult::isSent).count();
        if (sent != messages.size()) {
            throw new IllegalStateException("only " + sent + " of " + messages.size() + " backlog messages queued");
        }
    }

    private static List<AcceptedPost> normalPosts(LocalPipeline pipeline) {
        return pipeline.slack().posts(CHANNEL).stream().filter(p -> SEQ.matcher(p.payload().toString()).find())
                .toList();
    }

    private static List<AcceptedPost> urgentPosts(LocalPipeline pipeline) {
        return pipeline.slack().posts(CHANNEL).stream().filter(p -> URGENT.matcher(p.payload().toString()).find())
                .collect(Collectors.toList());
    }

    private static Optional<AcceptedPost> find(List<AcceptedPost> posts, Pattern pattern, int n) {
        return posts.stream().filter(p -> {
            Matcher m = pattern.matcher(p.payload().toString());
            return m.find() && Integer.parseInt(m.group(1)) == n;
        }).findFirst();
    }

    private static int number(Pattern pattern, AcceptedPost post) {
        Matcher m = pattern.matcher(post.payload().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static void sleepUntil(Instant due) throws InterruptedException {
        long millis = Duration.between(Instant.now(), due).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
