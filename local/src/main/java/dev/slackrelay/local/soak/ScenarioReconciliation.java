package dev.slackrelay.local.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.local.pipeline.DeadLetter;
import dev.slackrelay.local.pipeline.Delivery;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.Ledger;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.local.pipeline.Reconciliation;
import dev.slackrelay.local.soak.Scenario.Fault;
import dev.slackrelay.local.soak.SoakReport.KillReport;
import dev.slackrelay.local.soak.SoakReport.ScenarioResult;
import dev.slackrelay.local.soak.Workload.Channel;
import dev.slackrelay.local.soak.Workload.Role;

/**
 * Reconciles one scenario: on top of the pipeline kit's {@link Reconciliation} of what was published against what
 * Slack accepted (the emulator's record) and what was dead-lettered (the drained DLQ), checks every message ended as
 * its channel's role demands, explains each duplicate (a lost answer, the kill), and measures how long healthy
 * channels waited, into a {@link ScenarioResult}. Thread-safe as long as nobody changes the lists it was given.
 *
 * @param secret            the bot token, which no dead letter may contain
 * @param killFromMillis    wall-clock time the poller was told to die, or 0 if it was not killed
 * @param killToMillis      wall-clock time the restarted poller polled: before it, a post can only have come from the
 *                          killed poller (a request it sent before dying); from the kill on, only from the new one
 * @param killOrphansMillis wall-clock time until which the killed poller's long polls may still be pending in SQS: SQS
 *                          hands them messages nobody receives, which come back only after a visibility timeout
 */
record ScenarioReconciliation(Scenario scenario, Duration channelInterval, List<Channel> channels, Ledger ledger,
                              List<AcceptedPost> posts, List<DeadLetter> deadLetters, String secret,
                              List<DeliveryRecorder.Entry> log, long logSecretLeaks, EmulatorStats stats,
                              KillReport kill, long killFromMillis, long killToMillis, long killOrphansMillis,
                              Duration elapsed, boolean timedOut) {

    /** Broadcast mentions no soak message asks for; Slack would notify everyone. */
    private static final Pattern PAGE = Pattern.compile("<!(channel|here|everyone)[>|]");
    private static final int EXAMPLES = 5;

    /**
     * The published messages a post carries, in order, by their markers: the one its text starts with (a single
     * message's; a digest's text names its first) and those in its section texts (a digest's titles), each once.
     */
    static List<String> identify(Ledger ledger, AcceptedPost post) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>();
        texts.add(post.text());
        texts.addAll(post.sectionTexts());
        for (String text : texts) {
            Workload.marker(text).filter(m -> m.channel().equals(post.channel()))
                    .map(m -> ledger.numberedId(m.channel(), m.seq())).ifPresent(ids::add);
        }
        return List.copyOf(ids);
    }

    ScenarioResult result() {
        Reconciliation core = Reconciliation.of(ledger,
                posts.stream().flatMap(post -> Delivery.of(post, identify(ledger, post)).stream()).toList(),
                deadLetters);
        Map<String, Published> published = core.published();
        List<String> problems = new ArrayList<>();
        List<String> misrouted = new ArrayList<>();

        long pages = posts.stream().filter(post -> PAGE.matcher(post.payload().toString()).find()).count();
        for (Delivery post : core.unexpected()) {
            misrouted.add("a post to " + post.channel() + " matches nothing published: " + shorten(post.text()));
        }

        // the dead-letter queue's side
        Map<String, Long> reasons = new TreeMap<>();
        long withoutReason = 0;
        long deadLetterLeaks = 0;
        for (DeadLetter letter : core.deadLetters().values()) {
            if (secret != null && letter.contains(secret)) {
                deadLetterLeaks++;
            }
            if (letter.reason() == null || letter.reason().isBlank()) {
                withoutReason++;
            }
            reasons.merge(letter.reasonKind(), 1L, Long::sum);
        }
        for (DeadLetter letter : core.unmatchedDeadLetters()) {
            misrouted.add("a dead letter in group " + letter.group() + " matches nothing published ("
                    + letter.reasonKind() + ")");
        }

        // every message must have ended as it should
        List<String> lostExamples = core.lost().stream().map(Published::origin).toList();
        for (Published p : published.values()) {
            boolean wasDelivered = core.delivered().contains(p.messageId());
            DeadLetter letter = core.deadLetter(p.messageId());
            if (!wasDelivered && letter == null) {
                continue;
            }
            if (p.mustBeDelivered() && letter != null) {
                misrouted.add(p.origin() + " was dead-lettered: " + letter.reason());
            } else if (!p.mustBeDelivered() && wasDelivered) {
                misrouted.add(p.origin() + " was posted, but had to be dead-lettered " + p.expectedReason());
            } else if (!p.mustBeDelivered() && !letter.reasonKind().equals(p.expectedReason())) {
                misrouted.add(p.origin() + " was dead-lettered as " + letter.reasonKind() + ", not "
                        + p.expectedReason());
            }
        }
        long lost = lostExamples.size();

        // order: the first time Slack saw each message of a channel must follow the publish order
        List<String> outOfOrder = new ArrayList<>();
        for (String channel : core.channels()) {
            Reconciliation.Inversion inversion = core.channel(channel).inversion();
            if (inversion != null) {
                outOfOrder.add(channel + ": #" + inversion.seq() + " after #" + inversion.after());
            }
        }

        // duplicates, each with what explains it
        Set<String> answerLost = new HashSet<>();
        for (DeliveryRecorder.Entry entry : log) {
            if (entry.answerLost()) {
                answerLost.add(entry.messageId());
            }
        }
        long afterLostAnswer = 0;
        long afterKill = 0;
        long unexplained = 0;
        for (Map.Entry<String, List<Double>> e : core.deliveredAt().entrySet()) {
            int extra = e.getValue().size() - 1;
            if (extra == 0) {
                continue;
            }
            List<Double> times = e.getValue();
            if (answerLost.contains(e.getKey())) {
                afterLostAnswer += extra;
            } else if (kill != null && times.getFirst() < killToMillis && times.getLast() >= killFromMillis) {
                afterKill += extra;
            } else {
                unexplained += extra;
            }
        }
        long duplicates = core.duplicates();

        // healthy channels: 429s, and how long they waited for nothing of their own
        long healthy429 = 0;
        long healthyTooClose = 0;
        long maxGap = -1;
        long maxExcess = -1;
        long healthyLast = 0;
        long stormLast = 0;
        for (Channel channel : channels) {
            List<AcceptedPost> own = posts.stream().filter(p -> p.channel().equals(channel.name())).toList();
            if (channel.role() == Role.STORM && !own.isEmpty()) {
                stormLast = Math.max(stormLast, own.getLast().arrival().toEpochMilli());
            }
            if (channel.role() != Role.HEALTHY) {
                continue;
            }
            healthy429 += stats.channel(channel.name()).rateLimited();
            healthyTooClose += stats.channel(channel.name()).spacingViolations();
            if (!own.isEmpty()) {
                healthyLast = Math.max(healthyLast, own.getLast().arrival().toEpochMilli());
            }
            List<DeliveryRecorder.Entry> failures = log.stream()
                    .filter(entry -> entry.channel().equals(channel.name()) && !entry.delivered()).toList();
            for (int i = 1; i < own.size(); i++) {
                long from = own.get(i - 1).arrival().toEpochMilli();
                long to = own.get(i).arrival().toEpochMilli();
                if (kill != null && from < killOrphansMillis && to >= killFromMillis) {
                    continue;
                }
                long ownDelay = channelInterval.toMillis();
                for (DeliveryRecorder.Entry failure : failures) {
                    if (failure.atMillis() > from && failure.atMillis() <= to) {
                        ownDelay += failure.slackLatencyMs() + failure.retryInSeconds() * 1000;
                    }
                }
                maxGap = Math.max(maxGap, to - from);
                maxExcess = Math.max(maxExcess, Math.max(0, to - from - ownDelay));
            }
        }
        boolean healthyFirst = healthyLast < stormLast;

        if (timedOut) {
            problems.add("timed out before every message was delivered or dead-lettered");
        }
        if (lost > 0) {
            problems.add("lost " + lost + ": " + examples(lostExamples));
        }
        if (withoutReason > 0) {
            problems.add(withoutReason + " dead letter(s) without a reason");
        }
        if (!misrouted.isEmpty()) {
            problems.add(misrouted.size() + " misrouted: " + examples(misrouted));
        }
        if (!outOfOrder.isEmpty()) {
            problems.add("out of order: " + String.join("; ", outOfOrder));
        }
        if (duplicates > 0 && !scenario.has(Fault.SLOW_ANSWERS) && !scenario.has(Fault.POLLER_KILL)) {
            problems.add(duplicates + " duplicate(s), though nothing in this scenario can post a message twice");
        } else if (unexplained > 0) {
            problems.add(unexplained + " duplicate(s) neither a lost answer nor the kill explains");
        }
        if (healthy429 > 0) {
            problems.add("healthy channels got " + healthy429 + " 429(s): posted faster than the channel interval");
        }
        if (pages > 0) {
            problems.add(pages + " post(s) would page a channel that no message asked to page");
        }
        long leaks = logSecretLeaks + deadLetterLeaks;
        if (leaks > 0) {
            problems.add("the bot token appears in " + leaks + " log line(s) or dead letter(s)");
        }

        return new ScenarioResult(scenario, elapsed, timedOut, published.size(), core.delivered().size(), duplicates,
                afterLostAnswer, afterKill, unexplained, core.deadLettered().size(), reasons, withoutReason, misrouted,
                lost, outOfOrder, stats.rateLimited(), healthy429, maxGap, maxExcess, healthyFirst, healthyTooClose, pages,
                leaks, stats.faults(), kill, problems);
    }

    private static String examples(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(EXAMPLES, items.size())))
                + (items.size() > EXAMPLES ? "; ..." : "");
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
