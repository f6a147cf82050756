package dev.slackrelay.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counters since start (or the last {@link SlackEmulator#reset()}); the same shape as {@code GET /stats}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param accepted          posts answered {@code ok}
 * @param rateLimited       posts answered 429
 * @param errors            Slack error code the client saw (API {@code error}, webhook body) → count; 429s and
 *                          injected 5xx/drops/slow answers are not errors here
 * @param faults            injected fault kind ({@code dropped}, {@code serverError}, {@code slow},
 *                          {@code forcedError}) → count
 * @param spacingViolations accepted posts that arrived closer than the channel interval after the previous accepted
 *                          post to the same channel
 * @param channels          per-channel counters, for channels that saw at least one post attempt
 * @param methods           per Web API method ({@code chat.postMessage}, {@code conversations.history}, ...), for
 *                          methods called at least once: calls and how they were answered
 */
public record EmulatorStats(
        long accepted,
        long rateLimited,
        Map<String, Long> errors,
        Map<String, Long> faults,
        long spacingViolations,
        Map<String, ChannelStats> channels,
        Map<String, MethodStats> methods) {

    /** Fault kind: connection closed without an answer. */
    public static final String FAULT_DROPPED = "dropped";
    /** Fault kind: 500/502/503 HTML answer. */
    public static final String FAULT_SERVER_ERROR = "serverError";
    /** Fault kind: answer delayed by the slow delay. */
    public static final String FAULT_SLOW = "slow";
    /** Fault kind: a channel's forced Slack error. */
    public static final String FAULT_FORCED_ERROR = "forcedError";

    public EmulatorStats {
        errors = sorted(errors);
        faults = sorted(faults);
        channels = sorted(channels);
        methods = sorted(methods);
    }

    /** Counters without per-method figures. */
    public EmulatorStats(long accepted, long rateLimited, Map<String, Long> errors, Map<String, Long> faults,
                         long spacingViolations, Map<String, ChannelStats> channels) {
        this(accepted, rateLimited, errors, faults, spacingViolations, channels, Map.of());
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(map)));
    }

    /** How often the error {@code code} was answered. */
    public long errorCount(String code) {
        return errors.getOrDefault(code, 0L);
    }

    /** How often the fault {@code kind} was injected. */
    public long faultCount(String kind) {
        return faults.getOrDefault(kind, 0L);
    }

    /** Counters of one channel (all zero if it saw no post). */
    public ChannelStats channel(String channel) {
        return channels.getOrDefault(channel, new ChannelStats(0, 0, 0));
    }

    /** Counters of one Web API method (all zero if it was not called). */
    public MethodStats method(String method) {
        return methods.getOrDefault(method, new MethodStats(0, 0, 0, 0));
    }

    /**
     * Counters of one Web API method. {@code calls} counts every request to it, including those an injected fault
     * (drop, 5xx, unprocessed slow answer) kept from an answer, so {@code calls >= ok + errors + rateLimited}.
     *
     * @param calls       requests to {@code /api/<method>}
     * @param ok          answered {@code ok:true}
     * @param errors      answered {@code ok:false} with HTTP 200
     * @param rateLimited answered 429
     */
    public record MethodStats(long calls, long ok, long errors, long rateLimited) {
    }

    /**
     * Counters of one channel.
     *
     * @param accepted          posts accepted
     * @param rateLimited       posts answered 429
     * @param spacingViolations accepted posts closer than the channel interval to the previous one
     */
    public record ChannelStats(long accepted, long rateLimited, long spacingViolations) {
    }
}
