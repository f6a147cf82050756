package dev.slackrelay.relay;

import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.relay.internal.slack.KeyedPost;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.render.RenderedMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A scripted Slack for tests that only post: any look-up, update or upload fails the test. */
abstract class PostOnlyTransport implements SlackTransport {

    @Override
    public SlackOutcome update(String ts, RenderedMessage message) {
        throw new AssertionError("not scripted: chat.update");
    }

    @Override
    public SlackAnswer<List<KeyedPost>> keyedHistory(String channel, Instant oldest, int limit) {
        throw new AssertionError("not scripted: conversations.history");
    }

    @Override
    public SlackAnswer<Optional<String>> userByEmail(String email) {
        throw new AssertionError("not scripted: users.lookupByEmail");
    }

    @Override
    public SlackOutcome upload(String channel, String threadTs, List<FileUpload> files) {
        throw new AssertionError("not scripted: files upload");
    }

    @Override
    public boolean refreshCredentials() {
        return false;
    }

    @Override
    public void close() {
    }
}
