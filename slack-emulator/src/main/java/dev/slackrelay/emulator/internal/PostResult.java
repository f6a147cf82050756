package dev.slackrelay.emulator.internal;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.UploadedFile;
import java.util.List;

/** How the emulator answers one post, before it is put into the API's JSON or a webhook's plain text. */
sealed interface PostResult {

    /** Posted: {@code ok}; {@code files} are those a file share shared (empty for other posts). */
    record Accepted(AcceptedPost post, List<UploadedFile> files) implements PostResult {
        public Accepted {
            files = List.copyOf(files);
        }
    }

    /** Refused with a Slack error code (API spelling, e.g. {@code is_archived}). */
    record Rejected(String error) implements PostResult {
    }

    /** Over a rate limit: 429 with {@code Retry-After: retryAfterSeconds}. */
    record RateLimited(long retryAfterSeconds) implements PostResult {
    }
}
