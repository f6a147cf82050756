package dev.slackrelay.local.soak;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One row of the fault matrix: the faults injected together while a mixed workload runs. Each fault has its own
 * scenario; {@link #ALL} injects every one of them at once. Immutable and thread-safe.
 */
public enum Scenario {

    /** Slack answers 10% of posts with a load balancer's 500, 502 or 503 page. */
    SERVER_ERRORS("5xx", "10% of posts answered 500/502/503", EnumSet.of(Fault.SERVER_ERRORS)),
    /**
     * Some answers come later than the relay's client timeout; while the soak runs, the emulator alternates between
     * processing such posts (posted, but the relay never hears so: a counted duplicate) and not processing them.
     */
    SLOW("slow", "answers slower than the relay's timeout, some posted anyway", EnumSet.of(Fault.SLOW_ANSWERS)),
    /** Slack closes some connections without answering. */
    DROP("drop", "connections dropped without an answer", EnumSet.of(Fault.DROPPED_CONNECTIONS)),
    /** Two channels are allowed far fewer posts than the relay's pace: 429 with {@code Retry-After} 1-5 s. */
    RATE_LIMIT_STORM("429", "429 storms with Retry-After 1-5 s on two channels", EnumSet.of(Fault.RATE_LIMIT_STORM)),
    /** One channel answers {@code channel_not_found}, another {@code is_archived}. */
    DEAD_CHANNELS("dead-channels", "one channel not found, one archived", EnumSet.of(Fault.DEAD_CHANNELS)),
    /** A foreign producer sends malformed bodies straight to SQS, into the healthy channels' groups. */
    POISON("poison", "malformed bodies from a foreign producer", EnumSet.of(Fault.POISON)),
    /** The standalone poller runs as its own process and is killed with SIGKILL mid-run, then restarted. */
    KILL("kill", "standalone poller SIGKILLed mid-run and restarted", EnumSet.of(Fault.POLLER_KILL)),
    /** Everything above at once. */
    ALL("all", "everything at once", EnumSet.allOf(Fault.class));

    /** A kind of trouble a scenario injects. */
    public enum Fault {
        SERVER_ERRORS, SLOW_ANSWERS, DROPPED_CONNECTIONS, RATE_LIMIT_STORM, DEAD_CHANNELS, POISON, POLLER_KILL
    }

    private final String label;
    private final String description;
    private final Set<Fault> faults;

    Scenario(String label, String description, Set<Fault> faults) {
        this.label = label;
        this.description = description;
        this.faults = Set.copyOf(faults);
    }

    /** The name on the command line and in the report: {@code 5xx}, {@code slow}, ..., {@code all}. */
    public String label() {
        return label;
    }

    /** What is injected, in a few words. */
    public String description() {
        return description;
    }

    /** The faults this scenario injects. */
    public Set<Fault> faults() {
        return faults;
    }

    /** Whether this scenario injects {@code fault}. */
    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    /**
     * The scenario with this {@link #label()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known labels
     */
    public static Scenario of(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + label + "'; known: "
                        + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "))));
    }
}
