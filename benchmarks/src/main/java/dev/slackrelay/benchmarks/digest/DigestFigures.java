package dev.slackrelay.benchmarks.digest;

import dev.slackrelay.benchmarks.delivery.TimedHandler;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.local.pipeline.Delivery;
import dev.slackrelay.local.pipeline.Reconciliation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The figures B5 reports for one channel of one run, or for the whole run ({@code all}). Immutable.
 *
 * @param channel          channel, or {@code all}
 * @param published        messages queued (notifications)
 * @param delivered        distinct notifications Slack accepted
 * @param duplicates       notifications accepted more than once, beyond the first
 * @param posts            posts Slack accepted (a digest carries several notifications)
 * @param maxPerPost       most notifications in one post
 * @param notificationsPerSecond delivered ÷ seconds from the origin (the relay's start, or the first publish) to the
 *                         channel's last post; for {@code all}, the slowest channel's
 * @param postsPerSecond   (posts − 1) ÷ seconds from the channel's first to its last post; for {@code all}, the
 *                         fastest channel's
 * @param minGapMillis     shortest time between two posts of the channel at the emulator
 * @param closer           posts closer than 0.9 × the channel interval to the channel's previous post
 * @param rateLimited      429 answers
 * @param inOrder          whether the notifications reached Slack in publish order
 * @param lost             published, neither delivered nor dead-lettered
 * @param deadLettered     published and dead-lettered
 * @param handlerSeconds   summed duration of the invocations whose first record was the channel's (the Lambda bill)
 * @param lastPostSeconds  seconds from the origin to the channel's last post
 */
record DigestFigures(String channel, long published, long delivered, long duplicates, long posts, long maxPerPost,
                     double notificationsPerSecond, double postsPerSecond, double minGapMillis, long closer,
                     long rateLimited, boolean inOrder, long lost, long deadLettered, double handlerSeconds,
                     double lastPostSeconds) {

    static final String ALL = "all";
    /** Posts closer than this share of the interval count as too close. */
    static final double CLOSE = 0.9;
    static final double INTERVAL_MILLIS = 1000;

    double perPost() {
        return posts == 0 ? Double.NaN : (double) delivered / posts;
    }

    /** Lambda-seconds per notification: summed handler time ÷ notifications delivered. */
    double lambdaSecondsPerNotification() {
        return delivered == 0 ? Double.NaN : handlerSeconds / delivered;
    }

    /** One line per channel, then the {@code all} line. */
    static List<DigestFigures> of(DigestRun.Result run) {
        List<DigestFigures> out = new ArrayList<>();
        for (String channel : run.setting().channels()) {
            out.add(channel(run, channel));
        }
        out.add(total(run, out));
        return out;
    }

    private static DigestFigures channel(DigestRun.Result run, String channel) {
        List<AcceptedPost> posts = run.posts(channel);
        Reconciliation.ChannelFlow flow = run.so().channel(channel);
        Reconciliation so = run.so();
        long maxPerPost = run.deliveries().stream().filter(d -> d.channel().equals(channel) && d.messageId() != null)
                .collect(Collectors.groupingBy(Delivery::post, Collectors.counting())).values().stream()
                .mapToLong(Long::longValue).max().orElse(0);
        double minGap = Double.NaN;
        long closer = 0;
        for (int i = 1; i < posts.size(); i++) {
            double gap = posts.get(i).arrivalMillis() - posts.get(i - 1).arrivalMillis();
            minGap = Double.isNaN(minGap) ? gap : Math.min(minGap, gap);
            if (gap < CLOSE * INTERVAL_MILLIS) {
                closer++;
            }
        }
        double last = posts.isEmpty() ? Double.NaN : run.seconds(posts.getLast());
        double postsPerSecond = Double.NaN;
        if (posts.size() >= 2) {
            postsPerSecond = (posts.size() - 1) / ((posts.getLast().arrivalMillis() - posts.getFirst().arrivalMillis())
                    / 1000.0);
        }
        long lost = so.lost().stream().filter(p -> p.channel().equals(channel)).count();
        long deadLettered = so.deadLettered().stream().map(id -> so.published().get(id))
                .filter(p -> p != null && p.channel().equals(channel)).count();
        double handlerSeconds = run.invocations().stream().filter(i -> channel.equals(i.channel()))
                .mapToLong(TimedHandler.Invocation::nanos).sum() / 1e9;
        return new DigestFigures(channel, flow.published(), flow.delivered(), flow.duplicates(), posts.size(),
                maxPerPost, flow.delivered() / last, postsPerSecond, minGap, closer,
                run.stats().channel(channel).rateLimited(), flow.inOrder(), lost, deadLettered, handlerSeconds, last);
    }

    private static DigestFigures total(DigestRun.Result run, List<DigestFigures> channels) {
        return new DigestFigures(ALL,
                channels.stream().mapToLong(DigestFigures::published).sum(),
                channels.stream().mapToLong(DigestFigures::delivered).sum(),
                channels.stream().mapToLong(DigestFigures::duplicates).sum(),
                channels.stream().mapToLong(DigestFigures::posts).sum(),
                channels.stream().mapToLong(DigestFigures::maxPerPost).max().orElse(0),
                channels.stream().mapToDouble(DigestFigures::notificationsPerSecond).min().orElse(Double.NaN),
                channels.stream().mapToDouble(DigestFigures::postsPerSecond).filter(d -> !Double.isNaN(d)).max()
                        .orElse(Double.NaN),
                channels.stream().mapToDouble(DigestFigures::minGapMillis).filter(d -> !Double.isNaN(d)).min()
                        .orElse(Double.NaN),
                channels.stream().mapToLong(DigestFigures::closer).sum(),
                run.stats().rateLimited(),
                channels.stream().allMatch(DigestFigures::inOrder),
                run.so().lost().size(),
                run.so().deadLettered().size(),
                run.invocations().stream().mapToLong(TimedHandler.Invocation::nanos).sum() / 1e9,
                run.lastPostSeconds());
    }
}
