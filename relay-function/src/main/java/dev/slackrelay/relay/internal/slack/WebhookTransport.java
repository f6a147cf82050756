package dev.slackrelay.relay.internal.slack;

import com.slack.api.Slack;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.files.FileUpload;
import com.slack.api.webhook.WebhookResponse;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.relay.internal.secrets.SecretValues;
import dev.slackrelay.render.RenderedMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Posts to incoming webhooks, one per channel (so a FIFO group is also a webhook and pacing holds per webhook).
 * Webhooks post as the app configured them: {@code channel}, {@code username} and {@code icon_emoji} are sent but
 * Slack may ignore them. Thread-safe.
 */
public final class WebhookTransport extends SecretBackedTransport {

    public WebhookTransport(Slack slack, SecretSource webhooks, RelayClock clock) {
        super(slack, webhooks, clock);
    }

    @Override
    public SlackOutcome post(RenderedMessage message) {
        Map<String, String> urls;
        try {
            urls = SecretValues.webhooks(secret.get());
        } catch (RuntimeException e) {
            return SecretFailures.classify(e);
        }
        String url = urls.get(message.channel());
        if (url == null) {
            return new SlackOutcome.Permanent("no_webhook_for_channel",
                    "no incoming webhook is configured for channel " + message.channel(), Duration.ZERO);
        }
        SendTimes.clear();
        long start = clock.nanoTime();
        try {
            WebhookResponse response = slack.send(url, message.toPayload().toString());
            return SlackErrors.webhook(response.getCode(), response.getBody(), header(response, "retry-after"),
                    since(start), SendTimes.sentOr(clock.nanoTime()));
        } catch (IOException e) {
            return new SlackOutcome.Transient("io_error", Redaction.describe(e), since(start));
        } catch (RuntimeException e) {
            return new SlackOutcome.Transient("bad_response", Redaction.describe(e), since(start));
        }
    }

    @Override
    public SlackOutcome update(String ts, RenderedMessage message) {
        return needsWebApi("update_key");
    }

    @Override
    public SlackAnswer<List<KeyedPost>> keyedHistory(String channel, Instant oldest, int limit) {
        return new SlackAnswer.Failed<>(needsWebApi("thread_key and update_key"));
    }

    @Override
    public SlackAnswer<Optional<String>> userByEmail(String email) {
        return new SlackAnswer.Failed<>(needsWebApi("e-mail mentions"));
    }

    @Override
    public SlackOutcome upload(String channel, String threadTs, List<FileUpload> files) {
        return needsWebApi("files");
    }

    private static SlackOutcome needsWebApi(String feature) {
        return SlackErrors.needsWebApi(feature);
    }

    private static String header(WebhookResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : response.getHeaders().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
