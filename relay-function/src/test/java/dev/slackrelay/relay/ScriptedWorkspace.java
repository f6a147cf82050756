package dev.slackrelay.relay;

import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.relay.internal.slack.KeyedPost;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.render.MessageKeys;
import dev.slackrelay.render.MessageKeys.Kind;
import dev.slackrelay.render.RenderedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-memory Slack workspace for the relay's unit tests: it keeps posts (with their metadata, which its
 * history answers from), updates and uploads, knows users by e-mail, and each call takes 250 ms on a
 * {@link ManualClock}. Updates and uploads answer as scripted, else ok. Not thread-safe.
 */
final class ScriptedWorkspace implements SlackTransport {

    static final Duration ANSWER = Duration.ofMillis(250);

    record Post(RenderedMessage rendered, String threadTs, String ts, long atNanos) {
    }

    record Update(String ts, RenderedMessage rendered, long atNanos) {
    }

    /** One upload attempt, whatever its answer. */
    record Upload(String channel, String threadTs, List<FileUpload> files, long atNanos) {
    }

    final List<Post> posts = new ArrayList<>();
    final List<Update> updates = new ArrayList<>();
    final List<Upload> uploads = new ArrayList<>();
    final Map<String, String> users = new LinkedHashMap<>();
    final Deque<SlackOutcome> updateAnswers = new ArrayDeque<>();
    final Deque<SlackOutcome> uploadAnswers = new ArrayDeque<>();
    SlackAnswer<List<KeyedPost>> historyAnswer;
    int updateCalls;
    int historyReads;
    int emailLookups;

    private final ManualClock clock;

    ScriptedWorkspace(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public SlackOutcome post(RenderedMessage message) {
        long at = clock.nanoTime();
        String ts = "1767258000." + String.format("%06d", posts.size() + 1);
        posts.add(new Post(message, message.threadTs(), ts, at));
        clock.advance(ANSWER);
        return new SlackOutcome.Delivered(ts, ANSWER, at);
    }

    @Override
    public SlackOutcome update(String ts, RenderedMessage message) {
        long at = clock.nanoTime();
        updateCalls++;
        clock.advance(ANSWER);
        SlackOutcome scripted = updateAnswers.poll();
        if (scripted != null) {
            return scripted;
        }
        updates.add(new Update(ts, message, at));
        return new SlackOutcome.Delivered(ts, ANSWER, at);
    }

    @Override
    public SlackOutcome upload(String channel, String threadTs, List<FileUpload> files) {
        long at = clock.nanoTime();
        uploads.add(new Upload(channel, threadTs, files, at));
        clock.advance(ANSWER);
        SlackOutcome scripted = uploadAnswers.poll();
        return scripted != null ? scripted : new SlackOutcome.Delivered(null, ANSWER, at);
    }

    @Override
    public SlackAnswer<List<KeyedPost>> keyedHistory(String channel, Instant oldest, int limit) {
        historyReads++;
        if (historyAnswer != null) {
            return historyAnswer;
        }
        List<KeyedPost> keyed = new ArrayList<>();
        for (Post post : posts.reversed()) {
            if (post.threadTs() == null && post.rendered().metadata() != null) {
                keyed.add(new KeyedPost(post.ts(), MessageKeys.key(post.rendered().metadata(), Kind.THREAD),
                        MessageKeys.key(post.rendered().metadata(), Kind.UPDATE)));
            }
        }
        return new SlackAnswer.Ok<>(keyed);
    }

    @Override
    public SlackAnswer<Optional<String>> userByEmail(String email) {
        emailLookups++;
        return new SlackAnswer.Ok<>(Optional.ofNullable(users.get(email)));
    }

    @Override
    public boolean refreshCredentials() {
        return false;
    }

    @Override
    public void close() {
    }
}
