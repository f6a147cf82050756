package dev.slackrelay.benchmarks.delivery;

import java.time.Duration;
import java.util.List;

/**
 * What one B1 run drains: the backlog, the emulator's limits and the event source's concurrency. Immutable.
 *
 * @param channels           the channels, each its own message group
 * @param messagesPerChannel messages queued per channel before the event source starts
 * @param ratePerSecond      the emulator's posts per second per channel (Slack's limit)
 * @param burst              posts a channel may make back to back before the rate applies
 * @param concurrency        event-source workers (Lambda's {@code MaximumConcurrency})
 * @param timeout            when to give up on a run that does not drain
 */
record Scenario(List<String> channels, int messagesPerChannel, double ratePerSecond, int burst, int concurrency,
                Duration timeout) {

    Scenario {
        channels = List.copyOf(channels);
    }

    int messages() {
        return channels.size() * messagesPerChannel;
    }

    String setting() {
        return "burst " + burst;
    }
}
