package dev.slackrelay.benchmarks.delivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Design (b) of B1, the common design slack-relay replaces: post at once, and throw on anything but {@code ok} so
 * that the queue's visibility timeout brings the message back. No pacing, no {@code Retry-After}, no batch item
 * failures. It posts the same rendered message through the same Slack SDK client as the relay, so the two designs
 * differ only in what they do around the post.
 *
 * <p>Thread-safe.
 */
final class PostAndRethrowHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {

    private final Slack slack;
    private final String token;

    PostAndRethrowHandler(URI apiUrl, String token) {
        this.slack = SlackClients.create(apiUrl, Duration.ofSeconds(10), RelayClock.system());
        this.token = token;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            RenderedMessage message = BlockKitRenderer.render(WireFormat.decode(record.getBody()));
            ChatPostMessageResponse response;
            try {
                response = slack.methods(token).chatPostMessage(r -> r.channel(message.channel())
                        .text(message.text()).blocksAsString(message.blocksJson()).username(message.username())
                        .iconEmoji(message.iconEmoji()).threadTs(message.threadTs()));
            } catch (SlackApiException e) {
                throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!response.isOk()) {
                throw new IllegalStateException("Slack answered " + response.getError());
            }
        }
        return new SQSBatchResponse(List.of());
    }

    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            // the run is over; nothing depends on the client's threads stopping cleanly
        }
    }
}
