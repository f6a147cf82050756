package dev.slackrelay.relay.internal.slack;

import java.time.Duration;
import java.util.Set;

/**
 * The one place that turns Slack's answers into {@link SlackOutcome}s. Stateless and thread-safe.
 *
 * <p>Error codes not listed here are treated as permanent for the message: it goes to the dead-letter queue with
 * the code as its reason, where it can be inspected and redriven, rather than being retried blindly.
 */
public final class SlackErrors {

    /** Slack's own failures: worth trying again later. */
    static final Set<String> TRANSIENT = Set.of("internal_error", "service_unavailable", "fatal_error",
            "request_timeout", "team_added_to_org");

    /** Every message would fail with these until someone fixes the token, its scopes or the app. */
    static final Set<String> CONFIGURATION = Set.of("not_authed", "invalid_auth", "account_inactive",
            "token_revoked", "token_expired", "no_permission", "missing_scope", "not_allowed_token_type",
            "ekm_access_denied", "org_login_required", "two_factor_setup_required", "team_access_not_granted",
            "invalid_token", "access_denied", "app_missing_action_url");

    /**
     * Permanent errors that concern the channel (or webhook), not the content: every message to it fails alike, so
     * a refused digest is dead-lettered whole instead of being posted message by message.
     */
    static final Set<String> CHANNEL = Set.of("channel_not_found", "is_archived", "not_in_channel",
            "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
            "restricted_action_non_threadable_channel", "cannot_reply_to_message", "messages_tab_disabled",
            "no_webhook_for_channel", "channel_is_archived", "action_prohibited", "posting_to_general_channel_denied",
            "no_service", "no_active_hooks", "team_disabled", "user_not_found", "thread_not_found");

    /** Slack's Retry-After is normally a few seconds; anything missing or odd gets this. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Never trust a Retry-After beyond this; SQS cannot hide a message longer than 12 hours anyway. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(15);

    private SlackErrors() {
    }

    /** Whether a permanent error concerns the channel (or thread, or webhook) rather than the message's content. */
    public static boolean concernsChannel(String error) {
        return CHANNEL.contains(error);
    }

    /** Incoming webhooks only post: what needs more ({@code feature}) is refused for good, with the reason. */
    public static SlackOutcome needsWebApi(String feature) {
        return new SlackOutcome.Permanent("needs_web_api", feature + " need the Web API: configure a bot token"
                + " (SLACK_BOT_TOKEN) instead of incoming webhooks", Duration.ZERO);
    }

    /** Classifies a Web API answer: its HTTP status, {@code error} (if any) and {@code Retry-After} header. */
    public static SlackOutcome webApi(int status, String error, String retryAfter, Duration latency) {
        if (status == 429 || "ratelimited".equals(error) || "rate_limited".equals(error)) {
            return new SlackOutcome.RateLimited(retryAfter(retryAfter), latency);
        }
        if (status >= 500) {
            return new SlackOutcome.Transient(error != null ? error : "http_" + status, "HTTP " + status, latency);
        }
        if (status == 401 || status == 403 || status == 404) {
            // the Web API answers 200 for its own errors: these mean a wrong token or a wrong SLACK_API_URL
            return new SlackOutcome.ConfigurationError(error != null ? error : "http_" + status, latency);
        }
        if (status != 200) {
            return error != null ? byCode(error, latency)
                    : new SlackOutcome.Transient("http_" + status, "HTTP " + status, latency);
        }
        return byCode(error != null ? error : "unknown_error", latency);
    }

    /**
     * Classifies an incoming-webhook answer: its HTTP status, plain-text body and {@code Retry-After} header;
     * {@code sentNanos} is when the request had left (see {@link SlackOutcome.Delivered}).
     */
    public static SlackOutcome webhook(int status, String body, String retryAfter, Duration latency, long sentNanos) {
        String error = body == null || body.isBlank() ? "http_" + status : body.strip();
        if (status == 200) {
            return new SlackOutcome.Delivered(null, latency, sentNanos);
        }
        if (status == 429) {
            return new SlackOutcome.RateLimited(retryAfter(retryAfter), latency);
        }
        if (status >= 500) {
            return new SlackOutcome.Transient("http_" + status, "HTTP " + status, latency);
        }
        if (status == 401 || (status == 403 && CONFIGURATION.contains(error))) {
            return new SlackOutcome.ConfigurationError(error, latency);
        }
        if (status >= 400) {
            return new SlackOutcome.Permanent(shorten(error), "webhook answered HTTP " + status, latency);
        }
        return new SlackOutcome.Transient("http_" + status, "HTTP " + status, latency);
    }

    private static SlackOutcome byCode(String error, Duration latency) {
        if (TRANSIENT.contains(error)) {
            return new SlackOutcome.Transient(error, "Slack answered " + error, latency);
        }
        if (CONFIGURATION.contains(error)) {
            return new SlackOutcome.ConfigurationError(error, latency);
        }
        return new SlackOutcome.Permanent(shorten(error), "Slack answered " + shorten(error), latency);
    }

    /** Parses {@code Retry-After} as whole seconds (what Slack sends); anything else falls back to one second. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            if (seconds < 1) {
                return DEFAULT_RETRY_AFTER;
            }
            Duration d = Duration.ofSeconds(seconds);
            return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private static String shorten(String s) {
        // a webhook body or error code of an unexpected proxy could be a whole HTML page
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "…" : oneLine;
    }
}
