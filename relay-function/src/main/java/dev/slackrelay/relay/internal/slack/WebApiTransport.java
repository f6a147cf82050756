package dev.slackrelay.relay.internal.slack;

import com.slack.api.Slack;
import dev.slackrelay.relay.RelayClock;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.relay.internal.secrets.SecretValues;
import dev.slackrelay.render.RenderedMessage;
import java.io.IOException;
import java.time.Duration;

/** Posts with {@code chat.postMessage} and a bot token. Thread-safe. */
public final class WebApiTransport extends SecretBackedTransport {

    public WebApiTransport(Slack slack, SecretSource token, RelayClock clock) {
        super(slack, token, clock);
    }

    @Override
    public SlackOutcome post(RenderedMessage message) {
        String botToken;
        try {
            botToken = SecretValues.botToken(secret.get());
        } catch (RuntimeException e) {
            return SecretFailures.classify(e);
        }
        ChatPostMessageRequest request = ChatPostMessageRequest.builder()
                .channel(message.channel())
                .text(message.text().isEmpty() ? null : message.text())
                .blocksAsString(message.blocksJson())
                .attachmentsAsString(message.attachmentsJson())
                .username(message.username())
                .iconEmoji(message.iconEmoji())
                .iconUrl(message.iconUrl())
                .threadTs(message.threadTs())
                // the SDK always sends both flags; false is what it sent before they could be set
                .unfurlLinks(Boolean.TRUE.equals(message.unfurlLinks()))
                .unfurlMedia(Boolean.TRUE.equals(message.unfurlMedia()))
                .build();
        SendTimes.clear();
        long start = clock.nanoTime();
        try {
            ChatPostMessageResponse response = slack.methods(botToken).chatPostMessage(request);
            Duration latency = since(start);
            // without a record of the send, the answer is the latest moment the post can have arrived
            return response.isOk()
                    ? new SlackOutcome.Delivered(response.getTs(), latency, SendTimes.sentOr(clock.nanoTime()))
                    : SlackErrors.webApi(200, response.getError(), null, latency);
        } catch (SlackApiException e) {
            String error = e.getError() != null ? e.getError().getError() : null;
            return SlackErrors.webApi(e.getResponse().code(), error, e.getResponse().header("Retry-After"), since(start));
        } catch (IOException e) {
            return new SlackOutcome.Transient("io_error", Redaction.describe(e), since(start));
        } catch (RuntimeException e) {
            // a 200 whose body is not Slack's JSON, e.g. a proxy's HTML page
            return new SlackOutcome.Transient("bad_response", Redaction.describe(e), since(start));
        }
    }
}
