package dev.slackrelay.relay.internal.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.slack.KeyedPost;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.render.MessageKeys.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the Slack message a {@code thread_key} or {@code update_key} refers to, without a database: Slack stores the
 * keys (message metadata), and this environment remembers what it posted and found. Thread-safe.
 *
 * <p>A look-up asks the cache first. On a miss it reads the channel's recent history once ({@code lookBack}, at most
 * {@code historyLimit} messages) and remembers every keyed message on that page, so that one read serves every key of
 * the channel; a channel read this way answers "not found" from memory for {@code missTtl} (a channel's messages are
 * serialized by their message group, so within that time only another execution environment could have started a
 * key there: such a message then starts a second thread or post with that key; nothing is lost).
 */
public final class KeyedMessages {

    private final SlackTransport slack;
    private final RelayClock clock;
    private final Duration lookBack;
    private final int historyLimit;
    /** (channel, kind, key) → the message's ts. */
    private final Cache<Key, String> found;
    /** Channels whose history was read recently: a key not found then is not there. */
    private final Cache<String, Boolean> scanned;

    public KeyedMessages(SlackTransport slack, RelayClock clock, Duration lookBack, int historyLimit, Duration missTtl,
                         long maximumSize) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookBack = lookBack;
        this.historyLimit = historyLimit;
        Ticker ticker = clock::nanoTime;
        this.found = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(lookBack).maximumSize(maximumSize).build();
        this.scanned = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(missTtl).maximumSize(maximumSize).build();
    }

    private record Key(String channel, Kind kind, String key) {
    }

    /**
     * The ts of the latest message with that key in the channel, empty when there is none within the look-back, or
     * the failure of the history read (to be retried like a post's).
     */
    public SlackAnswer<Optional<String>> find(String channel, Kind kind, String key) {
        String ts = found.getIfPresent(new Key(channel, kind, key));
        if (ts != null) {
            return new SlackAnswer.Ok<>(Optional.of(ts));
        }
        if (scanned.getIfPresent(channel) != null) {
            return new SlackAnswer.Ok<>(Optional.empty());
        }
        return switch (slack.keyedHistory(channel, clock.instant().minus(lookBack), historyLimit)) {
            case SlackAnswer.Ok<List<KeyedPost>> page -> {
                // newest first: keep the latest message of each key
                for (KeyedPost post : page.value().reversed()) {
                    if (post.threadKey() != null) {
                        found.put(new Key(channel, Kind.THREAD, post.threadKey()), post.ts());
                    }
                    if (post.updateKey() != null) {
                        found.put(new Key(channel, Kind.UPDATE, post.updateKey()), post.ts());
                    }
                }
                scanned.put(channel, Boolean.TRUE);
                yield new SlackAnswer.Ok<>(Optional.ofNullable(found.getIfPresent(new Key(channel, kind, key))));
            }
            case SlackAnswer.Failed<List<KeyedPost>> failed -> new SlackAnswer.Failed<>(failed.outcome());
        };
    }

    /** Remembers a message this relay posted (or updated) with that key. */
    public void remember(String channel, Kind kind, String key, String ts) {
        found.put(new Key(channel, kind, key), ts);
    }
}
