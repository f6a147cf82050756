package dev.slackrelay.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that configures a {@link SlackEmulator}, as one immutable value, so that a command line (the
 * {@code local} module's {@code slack-emulator} command) can fill it from flags and hand it to
 * {@link SlackEmulator#create(EmulatorOptions)}. {@link SlackEmulator#builder()} builds the same value fluently.
 *
 * <p>Immutable and thread-safe.
 *
 * @param port               TCP port on 127.0.0.1; 0 picks a free ephemeral port
 * @param token              the only bot token {@code chat.postMessage} and {@code auth.test} accept
 * @param channels           channels that exist; empty means every channel exists
 * @param archived           channels that are archived ({@code is_archived}); need not be in {@code channels}
 * @param ratePerSecond      posts per second per channel and per webhook; 0 turns per-channel limits off
 * @param burst              posts a channel (or webhook) may make back to back before the rate applies, at least 1
 * @param workspacePerMinute workspace-wide posts per minute across all channels and webhooks; 0 is off
 * @param workspaceBurst     back-to-back posts the workspace bucket allows; 0 means {@code workspacePerMinute}
 * @param blocksTextLimit    cumulative text of all blocks above which a post fails {@code msg_blocks_too_long}
 * @param webhooks           webhook key {@code "T…/B…/secret"} → channel it posts to
 * @param spacingTolerance   how much closer than the channel interval ({@code 1/ratePerSecond}) two accepted posts
 *                           may arrive before the second counts as a spacing violation
 * @param faults             faults in force when the emulator starts (they can be changed at run time)
 * @param answerLatency      Slack's processing time between deciding a request and answering it
 * @param users              e-mail address (matched ignoring case) → user ID, for {@code users.lookupByEmail}
 * @param methodRates        Web API method → its workspace rate limit (Slack's tier); methods not in the map are
 *                           not limited this way ({@code chat.postMessage} has the per-channel and workspace limits)
 * @param maxFileSize        largest {@code length} {@code files.getUploadURLExternal} accepts, in bytes
 */
public record EmulatorOptions(
        int port,
        String token,
        Set<String> channels,
        Set<String> archived,
        double ratePerSecond,
        int burst,
        int workspacePerMinute,
        int workspaceBurst,
        int blocksTextLimit,
        Map<String, String> webhooks,
        Duration spacingTolerance,
        FaultOptions faults,
        AnswerLatency answerLatency,
        Map<String, String> users,
        Map<String, MethodRate> methodRates,
        long maxFileSize) {

    /** Token accepted when none is configured. */
    public static final String DEFAULT_TOKEN = "xoxb-emulator-token";
    /** Slack's undocumented cumulative block-text limit, as observed. */
    public static final int DEFAULT_BLOCKS_TEXT_LIMIT = 12_000;
    /** Slack's largest file, 1 GB (taken as 2^30 bytes). */
    public static final long DEFAULT_MAX_FILE_SIZE = 1L << 30;
    /**
     * Slack's documented tiers of the methods beyond {@code chat.postMessage} (docs.slack.dev/reference/methods):
     * Tier 3 for {@code conversations.history}, {@code chat.update} and {@code users.lookupByEmail}; Tier 4 for
     * {@code files.getUploadURLExternal} and {@code files.completeUploadExternal}.
     */
    public static final Map<String, MethodRate> DEFAULT_METHOD_RATES = Map.of(
            "conversations.history", MethodRate.TIER_3,
            "chat.update", MethodRate.TIER_3,
            "users.lookupByEmail", MethodRate.TIER_3,
            "files.getUploadURLExternal", MethodRate.TIER_4,
            "files.completeUploadExternal", MethodRate.TIER_4);

    public EmulatorOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        channels = Set.copyOf(Objects.requireNonNull(channels, "channels"));
        archived = Set.copyOf(Objects.requireNonNull(archived, "archived"));
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be finite and >= 0: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
        if (workspacePerMinute < 0 || workspaceBurst < 0) {
            throw new IllegalArgumentException("workspacePerMinute and workspaceBurst must be >= 0");
        }
        if (blocksTextLimit < 1) {
            throw new IllegalArgumentException("blocksTextLimit must be >= 1: " + blocksTextLimit);
        }
        Map<String, String> hooks = new LinkedHashMap<>();
        Objects.requireNonNull(webhooks, "webhooks").forEach((key, channel) -> {
            if (channel == null || channel.isBlank()) {
                throw new IllegalArgumentException("webhook " + key + " needs a channel");
            }
            hooks.put(webhookKey(key), channel);
        });
        webhooks = Map.copyOf(hooks);
        Objects.requireNonNull(spacingTolerance, "spacingTolerance");
        if (spacingTolerance.isNegative()) {
            throw new IllegalArgumentException("spacingTolerance must not be negative: " + spacingTolerance);
        }
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(answerLatency, "answerLatency");
        Map<String, String> people = new LinkedHashMap<>();
        Objects.requireNonNull(users, "users").forEach((email, id) -> {
            if (email == null || email.isBlank() || id == null || id.isBlank()) {
                throw new IllegalArgumentException("a user needs an e-mail address and an ID: " + email + "=" + id);
            }
            people.put(emailKey(email), id);
        });
        users = Map.copyOf(people);
        methodRates = Map.copyOf(Objects.requireNonNull(methodRates, "methodRates"));
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("maxFileSize must be >= 1: " + maxFileSize);
        }
    }

    /**
     * Options without users, with Slack's {@link #DEFAULT_METHOD_RATES method tiers} and the
     * {@link #DEFAULT_MAX_FILE_SIZE default file size limit}.
     */
    public EmulatorOptions(int port, String token, Set<String> channels, Set<String> archived, double ratePerSecond,
                           int burst, int workspacePerMinute, int workspaceBurst, int blocksTextLimit,
                           Map<String, String> webhooks, Duration spacingTolerance, FaultOptions faults,
                           AnswerLatency answerLatency) {
        this(port, token, channels, archived, ratePerSecond, burst, workspacePerMinute, workspaceBurst,
                blocksTextLimit, webhooks, spacingTolerance, faults, answerLatency, Map.of(), DEFAULT_METHOD_RATES,
                DEFAULT_MAX_FILE_SIZE);
    }

    /** How {@link #users()} keys an e-mail address: trimmed, lower case. */
    public static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The rate limit of {@code method}: its entry in {@link #methodRates()}, else {@link MethodRate#UNLIMITED}. */
    public MethodRate methodRate(String method) {
        return methodRates.getOrDefault(method, MethodRate.UNLIMITED);
    }

    /**
     * Defaults: ephemeral port, token {@value #DEFAULT_TOKEN}, any channel, none archived, 1 post/s per channel with
     * burst 1, no workspace limit, block-text limit {@value #DEFAULT_BLOCKS_TEXT_LIMIT}, no webhooks, zero spacing
     * tolerance, no faults, no answer latency, no users, Slack's method tiers ({@link #DEFAULT_METHOD_RATES}), files
     * up to {@link #DEFAULT_MAX_FILE_SIZE}.
     */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions(0, DEFAULT_TOKEN, Set.of(), Set.of(), 1.0, 1, 0, 0, DEFAULT_BLOCKS_TEXT_LIMIT,
                Map.of(), Duration.ZERO, FaultOptions.none(), AnswerLatency.none());
    }

    /**
     * The webhook key for a key, a path ({@code /services/T/B/x}) or a full webhook URL, so that any of the three may
     * be used to configure or look up a webhook.
     */
    public static String webhookKey(String keyOrUrl) {
        String key = Objects.requireNonNull(keyOrUrl, "webhook key");
        int services = key.indexOf("/services/");
        if (services >= 0) {
            key = key.substring(services + "/services/".length());
        }
        while (key.startsWith("/")) {
            key = key.substring(1);
        }
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty webhook key: " + keyOrUrl);
        }
        return key;
    }

    /** Whether per-channel (and per-webhook) rate limits are on. */
    public boolean channelLimitsEnabled() {
        return ratePerSecond > 0;
    }

    /** The channel interval {@code 1/ratePerSecond}, rounded to nanoseconds; zero when limits are off. */
    public Duration channelInterval() {
        return ratePerSecond > 0 ? Duration.ofNanos(Math.round(1e9 / ratePerSecond)) : Duration.ZERO;
    }

    /** The workspace bucket's size, resolving the {@code 0} default. */
    public int effectiveWorkspaceBurst() {
        return workspaceBurst > 0 ? workspaceBurst : Math.max(1, workspacePerMinute);
    }
}
