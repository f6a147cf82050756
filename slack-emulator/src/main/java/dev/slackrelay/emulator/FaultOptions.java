package dev.slackrelay.emulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Faults the emulator injects into Web API requests ({@code chat.postMessage}, {@code chat.update},
 * {@code conversations.history}, {@code users.lookupByEmail}, {@code files.getUploadURLExternal},
 * {@code files.completeUploadExternal}; not {@code auth.test}), uploads to upload URLs and incoming-webhook requests.
 *
 * <p>Per request, in this order and each with its own random draw (made only when its rate is above zero):
 * <ol>
 *   <li>{@code dropRate}: the connection is closed without any HTTP response (the client sees an I/O error);</li>
 *   <li>{@code serverErrorRate}: HTTP 500, 502 or 503 with an HTML body, as a load balancer would answer;</li>
 *   <li>{@code slowRate}: the answer comes only after {@code slowDelay}. If {@code slowAnswersAccepted} is false the
 *       post is not processed and the late answer is a 504 HTML page; if true the post is processed (and, if valid,
 *       accepted and recorded) and only its answer is late: the "posted, but the client timed out" case.</li>
 * </ol>
 * {@code latency} is added before every such request is processed. {@code forcedErrors} maps a channel to the Slack
 * error every post to it gets (for webhooks, the error of the channel the webhook is mapped to), as does every other
 * method naming that channel. {@code channelRates}
 * gives a channel its own, lower rate limit (burst 1) for its posts and file shares: a 429 storm for that channel alone, each 429 with the
 * {@code Retry-After} its bucket really needs (up to {@code 1/rate} seconds), while other channels keep the
 * emulator's rate.
 * Draws come from a {@link java.util.Random} seeded with {@code seed}, so a sequential run is reproducible.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seed                seed of the random draws
 * @param serverErrorRate     share of requests answered 500/502/503, 0..1
 * @param latency             delay added before each request is processed, zero or positive
 * @param slowRate            share of requests answered late, 0..1
 * @param slowDelay           how late a slow answer comes; positive when {@code slowRate > 0}
 * @param slowAnswersAccepted whether a slow request is still processed (true) or dropped by the "gateway" (false)
 * @param dropRate            share of requests whose connection is closed without an answer, 0..1
 * @param forcedErrors        channel → Slack error code ({@code channel_not_found}, {@code is_archived},
 *                            {@code internal_error}, {@code action_prohibited}, ...)
 * @param channelRates        channel → posts per second it is allowed (burst 1), replacing the emulator's
 *                            per-channel rate and burst for posts to it or to a webhook mapped to it
 */
public record FaultOptions(
        long seed,
        double serverErrorRate,
        Duration latency,
        double slowRate,
        Duration slowDelay,
        boolean slowAnswersAccepted,
        double dropRate,
        Map<String, String> forcedErrors,
        Map<String, Double> channelRates) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    public FaultOptions {
        requireRate("serverErrorRate", serverErrorRate);
        requireRate("slowRate", slowRate);
        requireRate("dropRate", dropRate);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(slowDelay, "slowDelay");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (slowDelay.isNegative() || (slowRate > 0 && slowDelay.isZero())) {
            throw new IllegalArgumentException("slowDelay must be positive when slowRate > 0: " + slowDelay);
        }
        forcedErrors = Map.copyOf(Objects.requireNonNull(forcedErrors, "forcedErrors"));
        forcedErrors.forEach((channel, error) -> {
            if (channel.isBlank() || error.isBlank()) {
                throw new IllegalArgumentException("forced error needs a channel and an error code");
            }
        });
        channelRates = Map.copyOf(Objects.requireNonNull(channelRates, "channelRates"));
        channelRates.forEach((channel, rate) -> {
            if (channel.isBlank() || !(rate > 0) || rate.isInfinite()) {
                throw new IllegalArgumentException("a channel rate needs a channel and a finite rate > 0: "
                        + channel + "=" + rate);
            }
        });
    }

    /** Options without per-channel rates. */
    public FaultOptions(long seed, double serverErrorRate, Duration latency, double slowRate, Duration slowDelay,
                        boolean slowAnswersAccepted, double dropRate, Map<String, String> forcedErrors) {
        this(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate, forcedErrors,
                Map.of());
    }

    /** No faults, seed {@link #DEFAULT_SEED}. */
    public static FaultOptions none() {
        return new FaultOptions(DEFAULT_SEED, 0, Duration.ZERO, 0, Duration.ZERO, false, 0, Map.of());
    }

    public FaultOptions withSeed(long newSeed) {
        return new FaultOptions(newSeed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted,
                dropRate, forcedErrors, channelRates);
    }

    public FaultOptions withServerErrorRate(double rate) {
        return new FaultOptions(seed, rate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate,
                forcedErrors, channelRates);
    }

    public FaultOptions withLatency(Duration newLatency) {
        return new FaultOptions(seed, serverErrorRate, newLatency, slowRate, slowDelay, slowAnswersAccepted,
                dropRate, forcedErrors, channelRates);
    }

    public FaultOptions withSlowAnswers(double rate, Duration delay) {
        return new FaultOptions(seed, serverErrorRate, latency, rate, delay, slowAnswersAccepted, dropRate,
                forcedErrors, channelRates);
    }

    public FaultOptions withSlowAnswersAccepted(boolean accepted) {
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, accepted, dropRate,
                forcedErrors, channelRates);
    }

    public FaultOptions withDropRate(double rate) {
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, rate,
                forcedErrors, channelRates);
    }

    public FaultOptions withForcedError(String channel, String error) {
        Map<String, String> errors = new HashMap<>(forcedErrors);
        errors.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(error, "error"));
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate,
                errors, channelRates);
    }

    public FaultOptions withoutForcedError(String channel) {
        Map<String, String> errors = new HashMap<>(forcedErrors);
        errors.remove(channel);
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate,
                errors, channelRates);
    }

    public FaultOptions withChannelRate(String channel, double perSecond) {
        Map<String, Double> rates = new HashMap<>(channelRates);
        rates.put(Objects.requireNonNull(channel, "channel"), perSecond);
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate,
                forcedErrors, rates);
    }

    public FaultOptions withoutChannelRate(String channel) {
        Map<String, Double> rates = new HashMap<>(channelRates);
        rates.remove(channel);
        return new FaultOptions(seed, serverErrorRate, latency, slowRate, slowDelay, slowAnswersAccepted, dropRate,
                forcedErrors, rates);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0..1: " + rate);
        }
    }
}
