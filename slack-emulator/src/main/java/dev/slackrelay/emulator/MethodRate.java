package dev.slackrelay.emulator;

/**
 * The rate limit of one Web API method across the workspace, as Slack's tiers set it (Tier 3: 50+ per minute,
 * Tier 4: 100+ per minute): a token bucket of {@code burst} calls refilled at {@code perMinute}. Every authenticated
 * call takes a token when it arrives, whatever its answer; a call finding the bucket empty is answered 429 with the
 * {@code Retry-After} (whole seconds) after which a token is there.
 *
 * <p>Immutable and thread-safe.
 *
 * @param perMinute calls per minute; 0 turns the limit off
 * @param burst     calls the bucket allows back to back, at least 1
 */
public record MethodRate(int perMinute, int burst) {

    /** Slack's Tier 3 ("50+ per minute"): {@code conversations.history}, {@code chat.update}, {@code users.lookupByEmail}. */
    public static final MethodRate TIER_3 = new MethodRate(50, 50);
    /** Slack's Tier 4 ("100+ per minute"): {@code files.getUploadURLExternal}, {@code files.completeUploadExternal}. */
    public static final MethodRate TIER_4 = new MethodRate(100, 100);
    /** No limit. */
    public static final MethodRate UNLIMITED = new MethodRate(0, 1);

    public MethodRate {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be >= 0: " + perMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
    }

    /** {@code perMinute} calls a minute with a burst of one minute's calls. */
    public static MethodRate perMinute(int perMinute) {
        return new MethodRate(perMinute, Math.max(1, perMinute));
    }

    /** Whether calls are limited at all. */
    public boolean limited() {
        return perMinute > 0;
    }
}
