package dev.slackrelay.relay.internal.slack;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.Message;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.relay.internal.secrets.SecretValues;
import dev.slackrelay.render.MessageKeys;
import dev.slackrelay.render.RenderedMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Posts with {@code chat.postMessage} and a bot token; updates, reads history and looks users up. Thread-safe. */
public final class WebApiTransport extends SecretBackedTransport {

    public WebApiTransport(Slack slack, SecretSource token, RelayClock clock) {
        super(slack, token, clock);
    }

    @Override
    public SlackOutcome post(RenderedMessage message) {
        ChatPostMessageRequest.ChatPostMessageRequestBuilder request = ChatPostMessageRequest.builder()
                .channel(message.channel())
                .text(message.text().isEmpty() ? null : message.text())
                .blocksAsString(message.blocksJson())
                .attachmentsAsString(message.attachmentsJson())
                .username(message.username())
                .iconEmoji(message.iconEmoji())
                .iconUrl(message.iconUrl())
                .threadTs(message.threadTs())
                .replyBroadcast(message.replyBroadcast())
                .metadataAsString(message.metadataJson())
                // the SDK always sends both flags; false is what it sent before they could be set
                .unfurlLinks(Boolean.TRUE.equals(message.unfurlLinks()))
                .unfurlMedia(Boolean.TRUE.equals(message.unfurlMedia()));
        return write(token -> slack.methods(token).chatPostMessage(request.build()), ChatPostMessageResponse::getTs);
    }

    @Override
    public SlackOutcome update(String ts, RenderedMessage message) {
        ChatUpdateRequest request = ChatUpdateRequest.builder()
                .channel(message.channel())
                .ts(ts)
                .text(message.text().isEmpty() ? null : message.text())
                .blocksAsString(message.blocksJson())
                .attachmentsAsString(message.attachmentsJson())
                .metadataAsString(message.metadataJson())
                .build();
        return write(token -> slack.methods(token).chatUpdate(request), ChatUpdateResponse::getTs);
    }

    @Override
    public SlackOutcome upload(String channel, String threadTs, List<FileUpload> files) {
        List<FilesUploadV2Request.UploadFile> uploads = files.stream().map(f -> FilesUploadV2Request.UploadFile
                .builder().fileData(f.content()).filename(f.name()).title(f.title()).build()).toList();
        // the SDK's helper: an upload URL and an upload per file, then one completion that shares them all
        return write(token -> slack.methods(token).filesUploadV2(r -> r.channel(channel).threadTs(threadTs)
                .uploadFiles(uploads)), (FilesUploadV2Response r) -> null);
    }

    @Override
    public SlackAnswer<List<KeyedPost>> keyedHistory(String channel, Instant oldest, int limit) {
        String since = oldest.getEpochSecond() + "." + String.format("%06d", oldest.getNano() / 1000);
        return read(token -> slack.methods(token).conversationsHistory(r -> r.channel(channel).oldest(since)
                .limit(limit).includeAllMetadata(true)), WebApiTransport::keyed);
    }

    @Override
    public SlackAnswer<Optional<String>> userByEmail(String email) {
        SlackAnswer<Optional<String>> answer = read(token -> slack.methods(token).usersLookupByEmail(
                r -> r.email(email)), (UsersLookupByEmailResponse r) -> Optional.of(r.getUser().getId()));
        if (answer instanceof SlackAnswer.Failed<Optional<String>> failed
                && failed.outcome() instanceof SlackOutcome.Permanent p && p.error().equals("users_not_found")) {
            return new SlackAnswer.Ok<>(Optional.empty());
        }
        return answer;
    }

    private static List<KeyedPost> keyed(ConversationsHistoryResponse response) {
        List<KeyedPost> posts = new ArrayList<>();
        if (response.getMessages() == null) {
            return posts;
        }
        for (Message message : response.getMessages()) {
            Message.Metadata metadata = message.getMetadata();
            if (metadata == null || !MessageKeys.EVENT_TYPE.equals(metadata.getEventType())
                    || metadata.getEventPayload() == null) {
                continue;
            }
            posts.add(new KeyedPost(message.getTs(), text(metadata.getEventPayload(), MessageKeys.THREAD_KEY),
                    text(metadata.getEventPayload(), MessageKeys.UPDATE_KEY)));
        }
        return posts;
    }

    private static String text(Map<String, Object> payload, String field) {
        return payload.get(field) instanceof String s ? s : null;
    }

    /** One call of the Web API with the bot token. */
    @FunctionalInterface
    private interface Call<R extends SlackApiTextResponse> {
        R invoke(String botToken) throws IOException, SlackApiException;
    }

    /** A call that posts or changes a message: its outcome, counted from when the request left. */
    private <R extends SlackApiTextResponse> SlackOutcome write(Call<R> call, Function<R, String> ts) {
        return switch (exchange(call)) {
            case Exchange.Answered<R> a -> new SlackOutcome.Delivered(ts.apply(a.response()), a.latency(),
                    a.sentNanos());
            case Exchange.Refused<R> r -> r.outcome();
        };
    }

    /** A call that reads: its value, or the outcome that failed it. */
    private <R extends SlackApiTextResponse, T> SlackAnswer<T> read(Call<R> call, Function<R, T> value) {
        return switch (exchange(call)) {
            case Exchange.Answered<R> a -> new SlackAnswer.Ok<>(value.apply(a.response()));
            case Exchange.Refused<R> r -> new SlackAnswer.Failed<>(r.outcome());
        };
    }

    /** What one call brought: Slack's {@code ok} answer, or the classified failure. */
    private sealed interface Exchange<R> {
        record Answered<R>(R response, Duration latency, long sentNanos) implements Exchange<R> {
        }

        record Refused<R>(SlackOutcome outcome) implements Exchange<R> {
        }
    }

    private <R extends SlackApiTextResponse> Exchange<R> exchange(Call<R> call) {
        String botToken;
        try {
            botToken = SecretValues.botToken(secret.get());
        } catch (RuntimeException e) {
            return new Exchange.Refused<>(SecretFailures.classify(e));
        }
        SendTimes.clear();
        long start = clock.nanoTime();
        try {
            R response = call.invoke(botToken);
            Duration latency = since(start);
            // without a record of the send, the answer is the latest moment the request can have arrived
            return response.isOk()
                    ? new Exchange.Answered<>(response, latency, SendTimes.sentOr(clock.nanoTime()))
                    : new Exchange.Refused<>(SlackErrors.webApi(200, response.getError(), null, latency));
        } catch (SlackApiException e) {
            String error = e.getError() != null ? e.getError().getError() : null;
            return new Exchange.Refused<>(SlackErrors.webApi(e.getResponse().code(), error,
                    e.getResponse().header("Retry-After"), since(start)));
        } catch (SlackFilesUploadV2Exception e) {
            return new Exchange.Refused<>(uploadFailure(e, since(start)));
        } catch (IOException e) {
            return new Exchange.Refused<>(new SlackOutcome.Transient("io_error", Redaction.describe(e), since(start)));
        } catch (RuntimeException e) {
            // a 200 whose body is not Slack's JSON, e.g. a proxy's HTML page
            return new Exchange.Refused<>(new SlackOutcome.Transient("bad_response", Redaction.describe(e),
                    since(start)));
        }
    }

    /** Which step of the SDK's upload helper failed, and how: Slack's error of that step, or the upload's status. */
    private static SlackOutcome uploadFailure(SlackFilesUploadV2Exception e, Duration latency) {
        if (e.getCompleteResponse() != null && !e.getCompleteResponse().isOk()) {
            return SlackErrors.webApi(200, e.getCompleteResponse().getError(), null, latency);
        }
        for (FilesGetUploadURLExternalResponse url : e.getGetURLResponses()) {
            if (!url.isOk()) {
                return SlackErrors.webApi(200, url.getError(), null, latency);
            }
        }
        // the upload URL refused the bytes: a fresh URL next time may take them
        int status = e.getUploadResponses().values().stream().mapToInt(r -> r.getCode()).filter(c -> c != 200)
                .findFirst().orElse(0);
        return new SlackOutcome.Transient("upload_http_" + status, "the upload URL answered HTTP " + status, latency);
    }
}
