package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.emulator.EmulatorStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The figures B1 reports for one channel of one run, or for the whole run. Immutable.
 *
 * @param channel             channel, or {@code all}
 * @param published           messages queued
 * @param delivered           posts the emulator accepted (duplicates included)
 * @param duplicates          accepted posts of a message already accepted
 * @param achievedOfLimit     {@code (accepted − 1) / (last − first arrival)} ÷ the limit; for {@code all}, the mean of
 *                            the channels
 * @param rateLimited         429 answers
 * @param spacingViolations   accepted posts closer than 1/limit to the previous accepted post of the channel
 * @param minGapMillis        shortest time between two accepted posts of the channel (emulator's monotonic clock)
 * @param drainSeconds        seconds from the event source's start to the channel's last accepted post; for
 *                            {@code all}, until the queue was empty
 * @param handlerSeconds      summed duration of the handler invocations (the Lambda bill)
 * @param invocations         handler invocations
 * @param lost                published − unique delivered − dead-lettered
 * @param inversions          pairs of delivered messages in the wrong order
 * @param deadLettered        messages on the dead-letter queue
 */
record ChannelFigures(String channel, long published, long delivered, long duplicates, double achievedOfLimit,
                      long rateLimited, long spacingViolations, double minGapMillis, double drainSeconds,
                      double handlerSeconds, long invocations, long lost, long inversions, long deadLettered) {

    static final String ALL = "all";

    double rateLimitedPerDelivered() {
        return delivered == 0 ? Double.NaN : (double) rateLimited / delivered;
    }

    double handlerSecondsPerDelivered() {
        return delivered == 0 ? Double.NaN : handlerSeconds / delivered;
    }

    double invocationsPerDelivered() {
        return delivered == 0 ? Double.NaN : (double) invocations / delivered;
    }

    /** One line per channel, then the {@code all} line. */
    static List<ChannelFigures> of(RunResult run) {
        List<ChannelFigures> out = new ArrayList<>();
        for (String channel : run.scenario().channels()) {
            out.add(channel(run, channel));
        }
        out.add(total(run, out));
        return out;
    }

    private static ChannelFigures channel(RunResult run, String channel) {
        List<RunResult.Post> posts = run.posts(channel);
        Set<Integer> unique = new HashSet<>();
        posts.forEach(p -> unique.add(p.seq()));
        double achieved = Double.NaN;
        if (posts.size() >= 2) {
            double spanSeconds = (posts.getLast().arrivalMillis() - posts.getFirst().arrivalMillis()) / 1000.0;
            achieved = (posts.size() - 1) / spanSeconds / run.scenario().ratePerSecond();
        }
        EmulatorStats.ChannelStats stats = run.stats().channel(channel);
        long deadLettered = run.deadLetters().stream().filter(d -> channel.equals(d.channel())).count();
        Set<Integer> deadSeqs = new HashSet<>();
        run.deadLetters().stream().filter(d -> channel.equals(d.channel())).forEach(d -> deadSeqs.add(d.seq()));
        deadSeqs.removeAll(unique);
        double handlerSeconds = run.invocations().stream().filter(i -> channel.equals(i.channel()))
                .mapToLong(TimedHandler.Invocation::nanos).sum() / 1e9;
        long invocations = run.invocations().stream().filter(i -> channel.equals(i.channel())).count();
        long published = run.scenario().messagesPerChannel();
        double minGap = Double.NaN;
        for (int i = 1; i < posts.size(); i++) {
            double gap = posts.get(i).arrivalMillis() - posts.get(i - 1).arrivalMillis();
            minGap = Double.isNaN(minGap) ? gap : Math.min(minGap, gap);
        }
        return new ChannelFigures(channel, published, posts.size(), posts.size() - unique.size(), achieved,
                stats.rateLimited(), stats.spacingViolations(), minGap,
                posts.isEmpty() ? Double.NaN : posts.getLast().seconds(),
                handlerSeconds, invocations, published - unique.size() - deadSeqs.size(), inversions(posts),
                deadLettered);
    }

    private static ChannelFigures total(RunResult run, List<ChannelFigures> channels) {
        double achieved = channels.stream().mapToDouble(ChannelFigures::achievedOfLimit).average().orElse(Double.NaN);
        return new ChannelFigures(ALL,
                channels.stream().mapToLong(ChannelFigures::published).sum(),
                channels.stream().mapToLong(ChannelFigures::delivered).sum(),
                channels.stream().mapToLong(ChannelFigures::duplicates).sum(),
                achieved,
                run.stats().rateLimited(),
                run.stats().spacingViolations(),
                channels.stream().mapToDouble(ChannelFigures::minGapMillis).filter(d -> !Double.isNaN(d)).min()
                        .orElse(Double.NaN),
                run.settleSeconds(),
                channels.stream().mapToDouble(ChannelFigures::handlerSeconds).sum(),
                channels.stream().mapToLong(ChannelFigures::invocations).sum(),
                channels.stream().mapToLong(ChannelFigures::lost).sum(),
                channels.stream().mapToLong(ChannelFigures::inversions).sum(),
                run.deadLetters().size());
    }

    /** Pairs (i &lt; j) of posts in arrival order whose sequence numbers are the other way round. */
    private static long inversions(List<RunResult.Post> posts) {
        long count = 0;
        for (int i = 0; i < posts.size(); i++) {
            for (int j = i + 1; j < posts.size(); j++) {
                if (posts.get(i).seq() > posts.get(j).seq()) {
                    count++;
                }
            }
        }
        return count;
    }
}
