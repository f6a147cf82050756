package dev.slackrelay.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Slack takes to answer a post it has already decided: real Slack answers {@code chat.postMessage} in about
 * 150–500 ms. Unlike the {@link FaultOptions#latency() latency fault} (a network delay before the request is
 * processed), this delay comes after the post was decided and counted (its rate-limit token taken, its arrival time
 * recorded) and before the answer is written. It applies to every answer of the post endpoints
 * ({@code chat.postMessage} in form and JSON, incoming webhooks) and of the other Web API methods behind the fault
 * gate ({@code chat.update}, {@code conversations.history}, {@code users.lookupByEmail}, the upload flow and its
 * upload URLs): accepted posts, {@code ok:false} errors and 429s
 * alike, since Slack takes its time for those too; not to injected 5xx pages, drops and slow-answer timeouts (the
 * load balancer's), nor to {@code auth.test} and the inspection endpoints.
 *
 * <p>Each answer waits a duration drawn uniformly from {@code mean ± jitter}, clamped at zero, from a
 * {@link java.util.Random} seeded with {@code seed} (reproducible when posts are sequential).
 *
 * <p>Immutable and thread-safe.
 *
 * @param mean   the mean delay; zero with zero jitter answers at once (as without this setting)
 * @param jitter the half-width of the uniform spread around {@code mean}
 * @param seed   seed of the draws
 */
public record AnswerLatency(Duration mean, Duration jitter, long seed) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    public AnswerLatency {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(jitter, "jitter");
        if (mean.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("answer latency mean and jitter must not be negative: " + mean
                    + " ± " + jitter);
        }
    }

    /** No delay: answers are written as soon as the post is decided. */
    public static AnswerLatency none() {
        return new AnswerLatency(Duration.ZERO, Duration.ZERO, DEFAULT_SEED);
    }

    /** {@code mean ± jitter} with seed {@link #DEFAULT_SEED}. */
    public static AnswerLatency of(Duration mean, Duration jitter) {
        return new AnswerLatency(mean, jitter, DEFAULT_SEED);
    }

    /** Whether answers wait at all. */
    public boolean isZero() {
        return mean.isZero() && jitter.isZero();
    }

    /**
     * The delay for one uniform draw.
     *
     * @param unit a number in [0, 1): 0 gives {@code mean − jitter}, towards 1 gives {@code mean + jitter}
     * @return the delay, never negative
     */
    public Duration delay(double unit) {
        long nanos = mean.toNanos() + Math.round((2 * unit - 1) * jitter.toNanos());
        return Duration.ofNanos(Math.max(0, nanos));
    }

    /** {@code "250 ± 100 ms"}, or {@code "0 ms"}. */
    public String label() {
        return jitter.isZero() ? mean.toMillis() + " ms" : mean.toMillis() + " ± " + jitter.toMillis() + " ms";
    }
}
