package dev.slackrelay.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.ingest.HookTarget;
import dev.slackrelay.ingest.IngestCredentials;
import dev.slackrelay.ingest.IngestRequest;
import dev.slackrelay.ingest.IngestResponse;
import dev.slackrelay.model.Violation;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code POST /hooks/{hookId}}: a Slack incoming webhook. Takes what Slack's webhooks take (a JSON body, whatever its
 * content type, or a form with {@code payload=<json>}) and answers as they do, in {@code text/plain}: 200
 * {@code ok}; 400 {@code invalid_payload} or {@code no_text}; 404 {@code no_service} for an unknown or malformed
 * hook ID; 413 {@code request_too_large}; 405 for another method. Thread-safe.
 */
public final class HookEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HookEndpoint.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final CredentialStore credentials;
    private final SlackRelayPublisher publisher;
    private final int maxBodyBytes;

    public HookEndpoint(CredentialStore credentials, SlackRelayPublisher publisher, int maxBodyBytes) {
        this.credentials = credentials;
        this.publisher = publisher;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Handles a request to {@code /hooks/{hookId}}. */
    public Handled handle(IngestRequest request, String hookId) {
        String hint = IngestCredentials.hookHint(hookId);
        if (!request.method().equals("POST")) {
            return Handled.refused(new IngestResponse(405, TEXT, "invalid_method", Map.of("Allow", "POST")), hint);
        }
        HookTarget target;
        try {
            target = target(hookId);
        } catch (RuntimeException e) {
            LOG.warn("the ingest credentials cannot be read: {}", e.toString());
            return Handled.refused(new IngestResponse(503, TEXT, "service_unavailable", Map.of("Retry-After", "1")),
                    hint);
        }
        if (target == null) {
            return answer(404, "no_service", hint);
        }
        byte[] bytes = request.body();
        if (bytes.length > maxBodyBytes) {
            return answer(413, "request_too_large", hint);
        }
        JsonBody body = ContentType.parse(request.header("Content-Type")).mediaType().equals(FORM)
                ? formPayload(bytes) : JsonBody.read(bytes);
        return switch (body) {
            case JsonBody.Unreadable(JsonBody.Fault fault, String detail) -> new Handled(
                    new IngestResponse(400, TEXT, HookPayload.INVALID_PAYLOAD), 0, hint, fault.name());
            case JsonBody.Parsed(JsonNode root) -> switch (HookPayload.read(root, target)) {
                case HookPayload.Refused(String error) -> answer(400, error, hint);
                case HookPayload.Message(var message) -> {
                    List<Violation> violations = publisher.violations(message, null);
                    if (!violations.isEmpty()) {
                        yield new Handled(new IngestResponse(400, TEXT, HookPayload.INVALID_PAYLOAD), 0, hint,
                                violations.stream().map(Violation::field).collect(Collectors.joining(", ")));
                    }
                    try {
                        publisher.publish(message);
                    } catch (SdkException e) {
                        LOG.warn("a hook message could not be queued: {}", e.toString());
                        yield Handled.refused(new IngestResponse(503, TEXT, "service_unavailable",
                                Map.of("Retry-After", "1")), hint);
                    }
                    yield new Handled(new IngestResponse(200, TEXT, "ok"), 1, hint, null);
                }
            };
        };
    }

    private HookTarget target(String hookId) {
        if (!IngestCredentials.isHookId(hookId)) {
            return null;
        }
        HookTarget target = credentials.current().hook(hookId);
        if (target != null) {
            return target;
        }
        Authenticator refreshed = credentials.refreshed();
        return refreshed == null ? null : refreshed.hook(hookId);
    }

    /** The JSON of a form's {@code payload} field. */
    private static JsonBody formPayload(byte[] body) {
        String form;
        try {
            form = JsonBody.utf8(body);
        } catch (CharacterCodingException e) {
            return new JsonBody.Unreadable(JsonBody.Fault.NOT_UTF8, "the body is not valid UTF-8");
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("payload")) {
                try {
                    return JsonBody.read(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return new JsonBody.Unreadable(JsonBody.Fault.NOT_JSON, "payload is not URL-encoded");
                }
            }
        }
        return new JsonBody.Unreadable(JsonBody.Fault.EMPTY, "the form has no payload");
    }

    private static Handled answer(int status, String text, String hint) {
        return Handled.refused(new IngestResponse(status, TEXT, text), hint);
    }
}
