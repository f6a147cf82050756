package dev.slackrelay.emulator.internal;

import java.time.Duration;

/** What the "network" in front of the emulator does to one request. */
sealed interface TransportFault {

    /** The request reaches the emulator normally. */
    record None() implements TransportFault {
    }

    /** The connection is closed without any response. */
    record Drop() implements TransportFault {
    }

    /** A load balancer answers {@code status} with an HTML page. */
    record ServerError(int status) implements TransportFault {
    }

    /**
     * The answer is {@code delay} late; if {@code processed}, the post is handled first (and may be accepted),
     * otherwise a 504 page comes after the delay.
     */
    record Slow(Duration delay, boolean processed) implements TransportFault {
    }
}
