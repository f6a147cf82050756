package dev.slackrelay.emulator.internal;

import dev.slackrelay.emulator.AcceptedPost;

/** How the emulator answers one post, before it is put into the API's JSON or a webhook's plain text. */
sealed interface PostResult {

    /** Posted: {@code ok}. */
    record Accepted(AcceptedPost post) implements PostResult {
    }

    /** Refused with a Slack error code (API spelling, e.g. {@code is_archived}). */
    record Rejected(String error) implements PostResult {
    }

    /** Over a rate limit: 429 with {@code Retry-After: retryAfterSeconds}. */
    record RateLimited(long retryAfterSeconds) implements PostResult {
    }
}
