package dev.slackrelay.local.soak;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Soak} runs. Immutable and thread-safe; {@link #builder()} starts from the {@code soak} command's
 * defaults (a few minutes), tests shrink it.
 *
 * <p>Every scenario runs the same mixed workload: {@code channels} healthy channels with
 * {@code messagesPerChannel} numbered messages each (plain, multi-line with untrusted {@code <!channel>}, long
 * enough to be split, with extra blocks, with their own fallback text, trusted mrkdwn), plus, when the scenario
 * needs them, two storm channels, a channel Slack does not know, an archived channel (a quarter as many messages
 * each, at least 3) and foreign poison bodies in the healthy channels' groups.
 *
 * @param channels           healthy channels (no fault aimed at them), 1..50
 * @param messagesPerChannel numbered messages per healthy channel, 2..10000
 * @param scenarios          scenarios to run, in this order, without repeats; not empty
 * @param durationScale      stretches the relay's channel interval ({@code 500 ms × scale}) and the storm's
 *                           {@code Retry-After} (up to {@code 5 s × scale}, at least 1 s), 0.1..10; 1 is the
 *                           soak's pace, tests use less
 * @param seed               seed of the emulator's fault draws and of where poison goes
 * @param concurrency        relay workers (Lambda's {@code MaximumConcurrency}); 0 means one per channel of the
 *                           scenario, so that a busy worker never is the reason a channel waits
 * @param messagesPerPost    the relay's {@code MESSAGES_PER_POST}, 1..10: above 1 a channel's backlog goes out as
 *                           digests, under the same faults
 */
public record SoakOptions(int channels, int messagesPerChannel, List<Scenario> scenarios, double durationScale,
                          long seed, int concurrency, int messagesPerPost) {

    /** Every scenario alone, then all together: the whole matrix. */
    public static final List<Scenario> MATRIX = List.of(Scenario.values());

    public SoakOptions {
        if (channels < 1 || channels > 50) {
            throw new IllegalArgumentException("channels must be 1..50: " + channels);
        }
        if (messagesPerChannel < 2 || messagesPerChannel > 10_000) {
            throw new IllegalArgumentException("messages per channel must be 2..10000: " + messagesPerChannel);
        }
        scenarios = List.copyOf(Objects.requireNonNull(scenarios, "scenarios"));
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario is needed");
        }
        if (new LinkedHashSet<>(scenarios).size() != scenarios.size()) {
            throw new IllegalArgumentException("a scenario is listed twice: " + scenarios);
        }
        if (!(durationScale >= 0.1 && durationScale <= 10)) {
            throw new IllegalArgumentException("duration scale must be 0.1..10: " + durationScale);
        }
        if (concurrency < 0 || concurrency > 1000) {
            throw new IllegalArgumentException("concurrency must be 0..1000: " + concurrency);
        }
        if (messagesPerPost < 1 || messagesPerPost > 10) {
            throw new IllegalArgumentException("messages per post must be 1..10: " + messagesPerPost);
        }
    }

    /** The soak command's defaults: 6 channels × 40 messages, the whole matrix, scale 1, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().channels(channels).messagesPerChannel(messagesPerChannel).scenarios(scenarios)
                .durationScale(durationScale).seed(seed).concurrency(concurrency).messagesPerPost(messagesPerPost);
    }

    /** The relay's {@code CHANNEL_INTERVAL_MS}: {@code 500 ms × durationScale}. */
    public Duration channelInterval() {
        return Duration.ofMillis(Math.round(500 * durationScale));
    }

    /** How long a storm channel's bucket takes to refill one post: the longest {@code Retry-After} it answers. */
    public Duration stormInterval() {
        return Duration.ofMillis(Math.max(1_000, Math.round(5_000 * durationScale)));
    }

    /** Messages to each storm and dead channel: a quarter of a healthy channel's, at least 3. */
    public int troubledMessagesPerChannel() {
        return Math.max(3, messagesPerChannel / 4);
    }

    /** Poison bodies in each healthy channel's group: a tenth of its messages, at least 1. */
    public int poisonPerChannel() {
        return Math.max(1, messagesPerChannel / 10);
    }

    /** Builder for {@link SoakOptions}. Not thread-safe. */
    public static final class Builder {
        private int channels = 6;
        private int messagesPerChannel = 40;
        private List<Scenario> scenarios = MATRIX;
        private double durationScale = 1.0;
        private long seed = 42;
        private int concurrency;
        private int messagesPerPost = 1;

        private Builder() {
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder messagesPerChannel(int messages) {
            this.messagesPerChannel = messages;
            return this;
        }

        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Builder scenarios(Scenario... scenarios) {
            return scenarios(Arrays.asList(scenarios));
        }

        public Builder durationScale(double scale) {
            this.durationScale = scale;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Relay workers; 0 (the default) means one per channel of the scenario. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** The relay's {@code MESSAGES_PER_POST} (default 1). */
        public Builder messagesPerPost(int messagesPerPost) {
            this.messagesPerPost = messagesPerPost;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public SoakOptions build() {
            return new SoakOptions(channels, messagesPerChannel, scenarios, durationScale, seed, concurrency,
                    messagesPerPost);
        }
    }
}
