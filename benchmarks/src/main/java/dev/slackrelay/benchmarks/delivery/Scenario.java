package dev.slackrelay.benchmarks.delivery;

import dev.slackrelay.emulator.AnswerLatency;
import java.time.Duration;
import java.util.List;

/**
 * What one B1 run drains: the backlog, the emulator's limits and answer latency, and the event source's
 * concurrency. Immutable.
 *
 * @param channels           the channels, each its own message group
 * @param messagesPerChannel messages queued per channel before the event source starts
 * @param ratePerSecond      the emulator's posts per second per channel (Slack's limit)
 * @param burst              posts a channel may make back to back before the rate applies
 * @param latency            Slack's processing time: how long after counting a post the emulator answers it
 * @param concurrency        event-source workers (Lambda's {@code MaximumConcurrency})
 * @param timeout            when to give up on a run that does not drain
 */
record Scenario(List<String> channels, int messagesPerChannel, double ratePerSecond, int burst,
                AnswerLatency latency, int concurrency, Duration timeout) {

    Scenario {
        channels = List.copyOf(channels);
    }

    int messages() {
        return channels.size() * messagesPerChannel;
    }

    /** {@code "burst 1, latency 250 ± 100 ms"}: the emulator setting, for headings, chart titles and progress. */
    String setting() {
        return "burst " + burst + ", latency " + latency.label();
    }
}
