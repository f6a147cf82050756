package dev.slackrelay.relay.internal.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Slack users by e-mail address ({@code users.lookupByEmail}), remembered per execution environment: a known
 * address for {@code foundTtl}, an unknown one for {@code unknownTtl}. Thread-safe.
 */
public final class EmailDirectory {

    private final SlackTransport slack;
    /** Address (lower case) → user ID, or empty for an address Slack does not know. */
    private final Cache<String, Optional<String>> users;

    public EmailDirectory(SlackTransport slack, RelayClock clock, Duration foundTtl, Duration unknownTtl,
                          long maximumSize) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.users = Caffeine.newBuilder().ticker(clock::nanoTime).maximumSize(maximumSize)
                .expireAfter(com.github.benmanes.caffeine.cache.Expiry.<String, Optional<String>>creating(
                        (email, user) -> user.isPresent() ? foundTtl : unknownTtl))
                .build();
    }

    /** The user with that address, empty if Slack knows none, or the look-up's failure (retried like a post's). */
    public SlackAnswer<Optional<String>> user(String email) {
        String address = email.toLowerCase(Locale.ROOT);
        Optional<String> known = users.getIfPresent(address);
        if (known != null) {
            return new SlackAnswer.Ok<>(known);
        }
        SlackAnswer<Optional<String>> answer = slack.userByEmail(address);
        if (answer instanceof SlackAnswer.Ok<Optional<String>> ok) {
            users.put(address, ok.value());
        }
        return answer;
    }
}
