package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.emulator.EmulatorStats;
import java.util.List;
import java.util.Map;

/**
 * Everything one B1 run observed, raw; {@link ChannelFigures} derives the reported figures from it. Immutable.
 *
 * @param design         which design ran
 * @param scenario       what it drained
 * @param published      messages on the queue when the event source started
 * @param maxReceiveCount the queue's redrive {@code maxReceiveCount}
 * @param posts          every post the emulator accepted, in acceptance order
 * @param rateLimited    every 429, timed by {@link RateLimitSampler}
 * @param invocations    every handler invocation
 * @param deadLetters    every message found on the dead-letter queue afterwards
 * @param stats          the emulator's counters at the end
 * @param relayOutcomes  design (a) only: outcome label of the relay's delivery log → lines
 * @param drained        whether the queue emptied before the scenario's timeout
 * @param settleSeconds  seconds from the event source's start until the queue was empty with nothing in flight
 *                       (or until the timeout)
 * @param leftOnQueue    messages still on the queue at the end (visible or in flight)
 */
record RunResult(Design design, Scenario scenario, int published, int maxReceiveCount, List<Post> posts,
                 List<RateLimitSampler.RateLimited> rateLimited, List<TimedHandler.Invocation> invocations,
                 List<DeadLetter> deadLetters, EmulatorStats stats, Map<String, Long> relayOutcomes, boolean drained,
                 double settleSeconds, long leftOnQueue) {

    /**
     * One accepted post.
     *
     * @param channel       channel posted to
     * @param seq           the message's sequence number within its channel (1-based, in publish order), or -1
     * @param seconds       wall-clock seconds after the event source started
     * @param arrivalMillis the emulator's monotonic arrival time, for spacing
     */
    record Post(String channel, int seq, double seconds, double arrivalMillis) {
    }

    /** A message found on the dead-letter queue. */
    record DeadLetter(String channel, int seq, String reason) {
    }

    List<Post> posts(String channel) {
        return posts.stream().filter(p -> p.channel().equals(channel)).toList();
    }
}
