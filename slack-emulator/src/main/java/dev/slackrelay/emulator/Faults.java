package dev.slackrelay.emulator;

import dev.slackrelay.emulator.internal.FaultInjector;
import java.time.Duration;
import java.util.Objects;

/**
 * The running emulator's fault settings, changeable at any time; see {@link FaultOptions} for what each fault does
 * and which requests it applies to ("posts" below: every request of those kinds).
 * Every setter returns {@code this}, so settings chain:
 * {@code emu.faults().serverErrorRate(0.1).latency(Duration.ofMillis(50))}.
 *
 * <p>Thread-safe: each change is atomic and applies to requests that arrive after it.
 */
public final class Faults {

    private final FaultInjector injector;

    Faults(FaultInjector injector) {
        this.injector = Objects.requireNonNull(injector, "injector");
    }

    /** Share (0..1) of posts answered 500, 502 or 503 with an HTML page. */
    public Faults serverErrorRate(double rate) {
        injector.update(f -> f.withServerErrorRate(rate));
        return this;
    }

    /** Delay added before every post is processed. */
    public Faults latency(Duration latency) {
        injector.update(f -> f.withLatency(latency));
        return this;
    }

    /** Share (0..1) of posts answered only after {@code delay}, e.g. longer than a client's read timeout. */
    public Faults slowAnswers(double rate, Duration delay) {
        injector.update(f -> f.withSlowAnswers(rate, delay));
        return this;
    }

    /**
     * Whether a slow post is still processed (and, if valid, accepted and recorded) before its late answer: the
     * "posted, but the client timed out" case. Default false: a slow post is never processed.
     */
    public Faults slowAnswersAccepted(boolean accepted) {
        injector.update(f -> f.withSlowAnswersAccepted(accepted));
        return this;
    }

    /** Share (0..1) of posts whose connection is closed without any HTTP response. */
    public Faults dropRate(double rate) {
        injector.update(f -> f.withDropRate(rate));
        return this;
    }

    /**
     * Every post to {@code channel} (or to a webhook mapped to it) fails with the Slack error {@code error}, and so
     * does every other method naming it ({@code chat.update}, {@code conversations.history},
     * {@code files.completeUploadExternal}), e.g. {@code not_in_channel}.
     */
    public Faults forceError(String channel, String error) {
        injector.update(f -> f.withForcedError(channel, error));
        return this;
    }

    /** Ends {@link #forceError(String, String)} for {@code channel}. */
    public Faults clearForcedError(String channel) {
        injector.update(f -> f.withoutForcedError(channel));
        return this;
    }

    /**
     * Lets {@code channel} (and webhooks mapped to it) post only {@code perSecond} times a second, burst 1, instead of
     * the emulator's rate and burst: below the client's pace this is a 429 storm for that channel alone, each 429
     * carrying the {@code Retry-After} (whole seconds, up to {@code 1/perSecond}) after which the next post is
     * accepted. A post accepted at this rate still counts against it after {@link #clearChannelRate(String)}.
     */
    public Faults channelRate(String channel, double perSecond) {
        injector.update(f -> f.withChannelRate(channel, perSecond));
        return this;
    }

    /** Ends {@link #channelRate(String, double)} for {@code channel}: it has the emulator's rate again. */
    public Faults clearChannelRate(String channel) {
        injector.update(f -> f.withoutChannelRate(channel));
        return this;
    }

    /** Restarts the random draws from {@code seed}. */
    public Faults seed(long seed) {
        injector.reseed(seed);
        return this;
    }

    /** Replaces every setting, and restarts the random draws from {@code options.seed()}. */
    public Faults set(FaultOptions options) {
        injector.set(options);
        return this;
    }

    /** Turns every fault off (keeps the seed and restarts the draws from it). */
    public Faults clear() {
        injector.set(FaultOptions.none().withSeed(injector.current().seed()));
        return this;
    }

    /** The settings now in force. */
    public FaultOptions current() {
        return injector.current();
    }
}
