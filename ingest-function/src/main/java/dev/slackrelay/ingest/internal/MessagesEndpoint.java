package dev.slackrelay.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.ingest.IngestRequest;
import dev.slackrelay.ingest.IngestResponse;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.PublishOptions;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.queue.SqsLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code POST /v1/messages}: one wire-format message or an array of 1 to {@value #MAX_MESSAGES}, with a bearer
 * token. Every message is checked before any is published, so a request is queued whole or not at all (but for an
 * SQS failure in the middle of an array: see {@link #publishAll}). Thread-safe.
 */
public final class MessagesEndpoint {

    /** The most messages one request may carry. */
    public static final int MAX_MESSAGES = 100;
    /** The request header whose value becomes the messages' deduplication IDs ({@code key}, {@code key/index}). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The longest idempotency key: {@code key/99} must still be a deduplication ID (128 characters). */
    private static final int MAX_IDEMPOTENCY_KEY = 124;

    private static final Logger LOG = LoggerFactory.getLogger(MessagesEndpoint.class);

    private final CredentialStore credentials;
    private final SlackRelayPublisher publisher;
    private final int maxBodyBytes;

    public MessagesEndpoint(CredentialStore credentials, SlackRelayPublisher publisher, int maxBodyBytes) {
        this.credentials = credentials;
        this.publisher = publisher;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Handles a request to this endpoint's path. */
    public Handled handle(IngestRequest request) {
        if (!request.method().equals("POST")) {
            return Handled.refused(JsonAnswers.methodNotAllowed(), null);
        }
        IngestResponse refusal = authenticate(request.header("Authorization"));
        byte[] body = request.body();
        if (refusal == null) {
            refusal = checkEnvelope(body.length, request.header("Content-Type"));
        }
        if (refusal != null) {
            return Handled.refused(refusal, null);
        }
        return switch (JsonBody.read(body)) {
            case JsonBody.Unreadable(JsonBody.Fault fault, String detail) ->
                    new Handled(JsonAnswers.error(400, "invalid_json", detail), 0, null, fault.name());
            case JsonBody.Parsed(JsonNode root) -> accept(root, request.header(IDEMPOTENCY_KEY));
        };
    }

    /** {@code null} when the bearer token is known; else the 401 or 503 answer. */
    private IngestResponse authenticate(String authorization) {
        String token = bearerToken(authorization);
        if (token == null) {
            return notAuthed();
        }
        try {
            if (credentials.current().acceptsToken(token)) {
                return null;
            }
            Authenticator refreshed = credentials.refreshed();
            return refreshed != null && refreshed.acceptsToken(token) ? null : notAuthed();
        } catch (RuntimeException e) {
            LOG.warn("the ingest credentials cannot be read: {}", e.toString());
            return JsonAnswers.unavailable(JsonAnswers.error("service_unavailable"));
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static IngestResponse notAuthed() {
        return new IngestResponse(401, JsonAnswers.JSON, JsonAnswers.error("not_authed").toString(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** {@code null} when size and content type are acceptable; else the 413 or 415 answer. */
    private IngestResponse checkEnvelope(int bodyLength, String contentType) {
        if (bodyLength > maxBodyBytes) {
            return JsonAnswers.error(413, "request_too_large", "at most " + maxBodyBytes + " bytes");
        }
        if (!ContentType.parse(contentType).is("application/json")) {
            return JsonAnswers.error(415, "unsupported_media_type", "send Content-Type: application/json (UTF-8)");
        }
        return null;
    }

    private Handled accept(JsonNode root, String idempotencyKey) {
        boolean batch = root.isArray();
        List<JsonNode> elements = new ArrayList<>();
        if (batch) {
            root.forEach(elements::add);
        } else {
            elements.add(root);
        }
        ArrayNode errors = JsonBody.Mapper.INSTANCE.createArrayNode();
        if (batch && (elements.isEmpty() || elements.size() > MAX_MESSAGES)) {
            errors.addObject().put("field", "(body)").put("reason", "an array must hold 1-" + MAX_MESSAGES
                    + " messages, not " + elements.size());
            return invalid(errors);
        }
        if (idempotencyKey != null && (idempotencyKey.length() > MAX_IDEMPOTENCY_KEY
                || !SqsLimits.isFifoId(idempotencyKey))) {
            errors.addObject().put("field", IDEMPOTENCY_KEY).put("reason", "must be 1-" + MAX_IDEMPOTENCY_KEY
                    + " printable ASCII characters without spaces");
            return invalid(errors);
        }
        List<SlackMessage> messages = new ArrayList<>(elements.size());
        List<PublishOptions> options = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            PublishOptions o = idempotencyKey == null ? PublishOptions.NONE
                    : PublishOptions.withIdempotencyKey(batch ? idempotencyKey + "/" + i : idempotencyKey);
            List<Violation> violations;
            try {
                SlackMessage message = WireFormat.decode(elements.get(i).toString());
                violations = publisher.violations(message, o);
                messages.add(message);
                options.add(o);
            } catch (InvalidMessageException e) {
                violations = e.violations();
            }
            for (Violation v : violations) {
                errors.addObject().put("index", i).put("field", v.field()).put("reason", v.reason());
            }
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        return batch ? publishAll(messages, options) : publish(messages.getFirst(), options.getFirst());
    }

    private static Handled invalid(ArrayNode errors) {
        ObjectNode body = JsonAnswers.error("invalid_request");
        body.set("errors", errors);
        StringBuilder fields = new StringBuilder();
        for (JsonNode e : errors) {
            fields.append(fields.isEmpty() ? "" : ", ").append(e.has("index") ? e.path("index").intValue() + ":" : "")
                    .append(e.path("field").textValue());
        }
        return new Handled(new IngestResponse(400, JsonAnswers.JSON, body.toString()), 0, null, fields.toString());
    }

    private Handled publish(SlackMessage message, PublishOptions options) {
        PublishReceipt receipt;
        try {
            receipt = publisher.publish(message, options);
        } catch (SdkException e) {
            LOG.warn("a message could not be queued: {}", e.toString());
            return Handled.refused(JsonAnswers.unavailable(JsonAnswers.error("queue_unavailable")), null);
        }
        ObjectNode body = JsonBody.Mapper.INSTANCE.createObjectNode().put("ok", true);
        body.putArray("messages").addObject().put("id", receipt.deduplicationId());
        return new Handled(new IngestResponse(202, JsonAnswers.JSON, body.toString()), 1, null, null);
    }

    /**
     * Publishes an array. When SQS fails some of its messages after the publisher's retries, the others may be
     * queued already: the 503 lists which ({@code queued}), and sending the request again with the same
     * {@value #IDEMPOTENCY_KEY} within SQS's five-minute deduplication window queues only the missing ones.
     */
    private Handled publishAll(List<SlackMessage> messages, List<PublishOptions> options) {
        List<PublishResult> results = publisher.publishAll(messages, options);
        ArrayNode ids = JsonBody.Mapper.INSTANCE.createArrayNode();
        int queued = 0;
        boolean rejected = false;
        for (PublishResult result : results) {
            switch (result) {
                case PublishResult.Sent(int index, PublishReceipt receipt) -> {
                    ids.addObject().put("id", receipt.deduplicationId()).put("queued", true);
                    queued++;
                }
                case PublishResult.Failed failed ->
                        ids.addObject().put("id", failed.deduplicationId()).put("queued", false);
                case PublishResult.Rejected(int index, InvalidMessageException error) -> {
                    // checked before publishing, so this is a bug: say so rather than answer 400
                    LOG.error("message {} was rejected after passing the checks: {}", index, error.reasons());
                    rejected = true;
                }
            }
        }
        if (rejected) {
            return new Handled(JsonAnswers.internalError(), queued, null, "rejected after the checks");
        }
        if (queued < results.size()) {
            ObjectNode body = JsonAnswers.error("queue_unavailable");
            body.set("messages", ids);
            return new Handled(JsonAnswers.unavailable(body), queued, null,
                    (results.size() - queued) + " of " + results.size() + " not queued");
        }
        ids.forEach(id -> ((ObjectNode) id).remove("queued"));
        ObjectNode body = JsonBody.Mapper.INSTANCE.createObjectNode().put("ok", true);
        body.set("messages", ids);
        return new Handled(new IngestResponse(202, JsonAnswers.JSON, body.toString()), queued, null, null);
    }
}
