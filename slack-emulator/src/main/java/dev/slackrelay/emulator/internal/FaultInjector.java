package dev.slackrelay.emulator.internal;

import dev.slackrelay.emulator.FaultOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link FaultOptions} and draws, per request, which fault applies.
 *
 * <p>Thread-safe: all state is guarded by {@code this}, and one request's draws are made atomically, so a run of
 * sequential requests sees the same faults for the same seed.
 */
public final class FaultInjector {

    private static final int[] SERVER_ERROR_STATUSES = {500, 502, 503};

    private FaultOptions options;
    private Random random;

    public FaultInjector(FaultOptions initial) {
        set(initial);
    }

    /** Replaces the options and reseeds the random draws with their seed. */
    public synchronized void set(FaultOptions newOptions) {
        options = Objects.requireNonNull(newOptions, "options");
        random = new Random(newOptions.seed());
    }

    /** Changes the options without reseeding. */
    public synchronized void update(UnaryOperator<FaultOptions> change) {
        options = Objects.requireNonNull(change.apply(options), "options");
    }

    /** Reseeds the random draws (and records the seed in the options). */
    public synchronized void reseed(long seed) {
        options = options.withSeed(seed);
        random = new Random(seed);
    }

    public synchronized FaultOptions current() {
        return options;
    }

    synchronized Duration latency() {
        return options.latency();
    }

    synchronized Optional<String> forcedError(String channel) {
        return Optional.ofNullable(options.forcedErrors().get(channel));
    }

    /** The channel's own rate limit in posts per second, if one is set. */
    synchronized OptionalDouble channelRate(String channel) {
        Double rate = options.channelRates().get(channel);
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }

    synchronized TransportFault draw() {
        if (hits(options.dropRate())) {
            return new TransportFault.Drop();
        }
        if (hits(options.serverErrorRate())) {
            return new TransportFault.ServerError(SERVER_ERROR_STATUSES[random.nextInt(SERVER_ERROR_STATUSES.length)]);
        }
        if (hits(options.slowRate())) {
            return new TransportFault.Slow(options.slowDelay(), options.slowAnswersAccepted());
        }
        return new TransportFault.None();
    }

    // A zero rate makes no draw: with a single fault configured, request n always gets draw n of the seed.
    private boolean hits(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
