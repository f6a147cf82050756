package dev.slackrelay.local.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.slackrelay.relay.RelayConfig;

/**
 * What a {@link Demo} run does. Immutable and thread-safe; {@link #builder()} starts from the defaults of the
 * {@code demo} command.
 *
 * @param channels               number of demo channels ({@code #builds}, {@code #deploys}, ...), 1..50; ignored
 *                               with a real Slack channel, which is then the only one
 * @param messagesPerChannel     numbered messages published to each channel
 * @param concurrency            relay workers (Lambda's {@code MaximumConcurrency})
 * @param channelInterval        the relay's {@code CHANNEL_INTERVAL_MS}: least time between two posts to a channel
 * @param messagesPerPost        the relay's {@code MESSAGES_PER_POST}, 1..10: a channel's backlog folds into digests of
 *                               up to this many messages (1: one post per message)
 * @param emulatorRate           the emulator's posts per second per channel (burst {@link #emulatorBurst()})
 * @param faults                 whether the emulator answers 5% of posts with 5xx and adds latency
 * @param invalidMessages        messages the publisher must reject
 * @param unknownChannelMessages valid messages to a channel Slack does not know (dead-lettered)
 * @param poisonMessages         malformed bodies a foreign producer sends straight to SQS (dead-lettered)
 * @param urgentMessages         urgent messages to the first (busiest) channel, spread evenly over its numbered ones
 *                               (one: once half of them were published), so they overtake its backlog on the urgent
 *                               queue; 0 for none
 * @param jobs                   batch jobs, each in one demo channel (the second, {@code #deploys}, when there are
 *                               several): a status message posted and edited by {@code update_key} and a thread of
 *                               progress replies by {@code thread_key}, the last attaching the job's CSV report;
 *                               0 for none; not run against real Slack, whose messages the demo cannot read back
 * @param publishWindow          the batch tasks finish (and publish) spread over this long: the burst
 * @param timeout                how long to wait for every message to be delivered or dead-lettered
 * @param progress               how progress is shown
 * @param progressInterval       how often a {@link Progress#LINES} progress line is printed
 * @param deliveryLog            file for the relay's JSON delivery log lines, or {@code null} to drop them
 * @param slackToken             a real bot token to post to real Slack instead of the emulator, or {@code null}
 * @param slackChannel           the real Slack channel to post to; required with {@code slackToken}
 * @param slackApiUrl            with {@code slackToken}: the Web API to post to instead of Slack's (for instance a
 *                               {@code slack-emulator} started separately), or {@code null} for Slack
 */
public record DemoOptions(
        int channels,
        int messagesPerChannel,
        int concurrency,
        Duration channelInterval,
        int messagesPerPost,
        double emulatorRate,
        boolean faults,
        int invalidMessages,
        int unknownChannelMessages,
        int poisonMessages,
        int urgentMessages,
        int jobs,
        Duration publishWindow,
        Duration timeout,
        Progress progress,
        Duration progressInterval,
        Path deliveryLog,
        String slackToken,
        String slackChannel,
        URI slackApiUrl) {

    /** How a run shows its progress. */
    public enum Progress {
        /** A progress bar when a person watches a terminal, {@link #LINES} otherwise. */
        AUTO,
        /** A plain progress line every {@link DemoOptions#progressInterval()}. */
        LINES,
        /** Nothing until the report. */
        NONE
    }

    public DemoOptions {
        range("channels", channels, 1, 50);
        range("messagesPerChannel", messagesPerChannel, 1, 10_000);
        range("concurrency", concurrency, 1, 100);
        range("messagesPerPost", messagesPerPost, 1, RelayConfig.MAX_MESSAGES_PER_POST);
        range("invalidMessages", invalidMessages, 0, 100);
        range("unknownChannelMessages", unknownChannelMessages, 0, 100);
        range("poisonMessages", poisonMessages, 0, 100);
        range("urgentMessages", urgentMessages, 0, 100);
        range("jobs", jobs, 0, 100);
        notNegative("channelInterval", channelInterval);
        notNegative("publishWindow", publishWindow);
        positive("timeout", timeout);
        positive("progressInterval", progressInterval);
        if (!(emulatorRate > 0) || Double.isInfinite(emulatorRate)) {
            throw new IllegalArgumentException("emulatorRate must be positive: " + emulatorRate);
        }
        Objects.requireNonNull(progress, "progress");
        if ((slackToken == null) != (slackChannel == null)) {
            throw new IllegalArgumentException("a real Slack run needs both a bot token and a channel");
        }
        if (slackToken != null && slackToken.isBlank() || slackChannel != null && slackChannel.isBlank()) {
            throw new IllegalArgumentException("the Slack token and channel must not be blank");
        }
        if (slackApiUrl != null && slackToken == null) {
            throw new IllegalArgumentException("a Slack API URL is only used with a bot token and channel");
        }
    }

    /**
     * Defaults: 5 channels × 60 messages, 5 workers, 1 post/s, 3 invalid, 2 to an unknown channel, 1 poison, 1 urgent,
     * 1 job.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().channels(channels).messagesPerChannel(messagesPerChannel).concurrency(concurrency)
                .channelInterval(channelInterval).messagesPerPost(messagesPerPost).emulatorRate(emulatorRate).faults(faults)
                .invalidMessages(invalidMessages).unknownChannelMessages(unknownChannelMessages)
                .poisonMessages(poisonMessages).urgentMessages(urgentMessages).jobs(jobs).publishWindow(publishWindow)
                .progress(progress).progressInterval(progressInterval).deliveryLog(deliveryLog)
                .realSlack(slackToken, slackChannel).slackApiUrl(slackApiUrl);
        b.timeout = timeout;
        return b;
    }

    /**
     * The emulator's burst per channel: 1 (strict: any post closer than the rate allows is answered 429), or 2 with
     * urgent messages. Slack tolerates short bursts, and the urgent lane needs that: with one token the draining
     * backlog takes every slot and an urgent post only wins a 429 race by chance (benchmark B6).
     */
    public int emulatorBurst() {
        return urgentMessages > 0 ? 2 : 1;
    }

    /** Whether this run posts to real Slack rather than to the emulator. */
    public boolean realSlack() {
        return slackToken != null;
    }

    /** Hides the token. */
    @Override
    public String toString() {
        return "DemoOptions[channels=" + channels + ", messagesPerChannel=" + messagesPerChannel + ", concurrency="
                + concurrency + ", channelInterval=" + channelInterval + ", messagesPerPost=" + messagesPerPost
                + ", emulatorRate=" + emulatorRate
                + ", faults=" + faults + ", invalidMessages=" + invalidMessages + ", unknownChannelMessages="
                + unknownChannelMessages + ", poisonMessages=" + poisonMessages + ", urgentMessages="
                + urgentMessages + ", jobs=" + jobs + ", publishWindow=" + publishWindow
                + ", timeout=" + timeout + ", progress=" + progress + ", progressInterval=" + progressInterval
                + ", deliveryLog=" + deliveryLog + ", slack=" + (realSlack() ? slackChannel + " (token hidden)"
                + (slackApiUrl != null ? " at " + slackApiUrl : "") : "emulator") + "]";
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds {@link DemoOptions}. Not thread-safe. */
    public static final class Builder {
        private int channels = 5;
        private int messagesPerChannel = 60;
        private int concurrency = 5;
        private Duration channelInterval = Duration.ofMillis(1000);
        private int messagesPerPost = RelayConfig.DEFAULT_MESSAGES_PER_POST;
        private double emulatorRate = 1.0;
        private boolean faults;
        private int invalidMessages = 3;
        private int unknownChannelMessages = 2;
        private int poisonMessages = 1;
        private int urgentMessages = 1;
        private int jobs = 1;
        private Duration publishWindow = Duration.ofSeconds(2);
        private Duration timeout;
        private Progress progress = Progress.AUTO;
        private Duration progressInterval = Duration.ofSeconds(5);
        private Path deliveryLog;
        private String slackToken;
        private String slackChannel;
        private URI slackApiUrl;

        private Builder() {
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder messagesPerChannel(int messagesPerChannel) {
            this.messagesPerChannel = messagesPerChannel;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder channelInterval(Duration channelInterval) {
            this.channelInterval = channelInterval;
            return this;
        }

        /** Default 1: one post per message. */
        public Builder messagesPerPost(int messagesPerPost) {
            this.messagesPerPost = messagesPerPost;
            return this;
        }

        public Builder emulatorRate(double emulatorRate) {
            this.emulatorRate = emulatorRate;
            return this;
        }

        public Builder faults(boolean faults) {
            this.faults = faults;
            return this;
        }

        public Builder invalidMessages(int invalidMessages) {
            this.invalidMessages = invalidMessages;
            return this;
        }

        public Builder unknownChannelMessages(int unknownChannelMessages) {
            this.unknownChannelMessages = unknownChannelMessages;
            return this;
        }

        public Builder poisonMessages(int poisonMessages) {
            this.poisonMessages = poisonMessages;
            return this;
        }

        /** Default 1. */
        public Builder urgentMessages(int urgentMessages) {
            this.urgentMessages = urgentMessages;
            return this;
        }

        /** Default 1. */
        public Builder jobs(int jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder publishWindow(Duration publishWindow) {
            this.publishWindow = publishWindow;
            return this;
        }

        /** Default: three times what the busiest channel needs at the slower of both paces, plus a minute. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        public Builder deliveryLog(Path deliveryLog) {
            this.deliveryLog = deliveryLog;
            return this;
        }

        /** Posts to real Slack: {@code token} a bot token ({@code xoxb-…}), {@code channel} a channel it is in. */
        public Builder realSlack(String token, String channel) {
            this.slackToken = token;
            this.slackChannel = channel;
            return this;
        }

        /** With {@link #realSlack(String, String)}: post to this Web API (ending in {@code /api/}), not Slack's. */
        public Builder slackApiUrl(URI slackApiUrl) {
            this.slackApiUrl = slackApiUrl;
            return this;
        }

        public DemoOptions build() {
            Duration wait = timeout;
            if (wait == null) {
                int perChannel = messagesPerChannel + unknownChannelMessages + poisonMessages + urgentMessages
                        + jobs * DemoMessages.jobMessages();
                Duration slackPace = Duration.ofNanos(Math.round(1e9 / emulatorRate));
                Duration pace = channelInterval.compareTo(slackPace) > 0 ? channelInterval : slackPace;
                wait = pace.multipliedBy(3L * perChannel).plus(publishWindow).plusMinutes(1);
            }
            return new DemoOptions(channels, messagesPerChannel, concurrency, channelInterval, messagesPerPost,
                    emulatorRate, faults, invalidMessages, unknownChannelMessages, poisonMessages, urgentMessages,
                    jobs, publishWindow, wait, progress, progressInterval, deliveryLog, slackToken, slackChannel,
                    slackApiUrl);
        }
    }
}
