package dev.slackrelay.ingest;

import dev.slackrelay.ingest.internal.CredentialStore;
import dev.slackrelay.ingest.internal.Handled;
import dev.slackrelay.ingest.internal.HookEndpoint;
import dev.slackrelay.ingest.internal.JsonAnswers;
import dev.slackrelay.ingest.internal.MessagesEndpoint;
import dev.slackrelay.publisher.SlackRelayPublisher;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.secrets.SecretsManagerSource;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door of the relay, independent of its host: authenticates, validates and enqueues through the
 * publisher library. Thread-safe: one instance serves any number of concurrent requests.
 *
 * <p>Endpoints: {@code POST /v1/messages} (wire-format messages, bearer token) and {@code POST /hooks/{hookId}}
 * (Slack incoming-webhook compatible). Every accepted message is on its queue before the 2xx answer; a refused
 * request queues nothing. One log line per request (method, route, status, messages queued, the hook ID's first four
 * characters); never a token, a whole hook ID or a message body.
 */
public final class IngestHandler {

    /** The largest body accepted (413 beyond); hosts should not read much more than this. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** The path of wire-format messages. */
    public static final String MESSAGES_PATH = "/v1/messages";
    /** The path prefix of Slack-compatible webhooks: {@code /hooks/{hookId}}. */
    public static final String HOOKS_PREFIX = "/hooks/";
    /** Least time between two reads of the ingest secret prompted by unknown tokens or hooks. */
    public static final Duration SECRET_REFRESH_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final MessagesEndpoint messages;
    private final HookEndpoint hooks;

    private IngestHandler(CredentialStore credentials, SlackRelayPublisher publisher) {
        this.messages = new MessagesEndpoint(credentials, publisher, MAX_BODY_BYTES);
        this.hooks = new HookEndpoint(credentials, publisher, MAX_BODY_BYTES);
    }

    /**
     * A handler with fixed credentials (local use: the {@code serve} command, tests).
     *
     * @param publisher where accepted messages go; the caller keeps ownership
     */
    public static IngestHandler create(IngestCredentials credentials, SlackRelayPublisher publisher) {
        return new IngestHandler(CredentialStore.fixed(Objects.requireNonNull(credentials, "credentials")),
                Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * A handler whose credentials are a secret shaped as {@link IngestCredentials#fromSecret(String)} reads, read on
     * first use and re-read (as often as {@code secret} allows) when a request names an unknown token or hook.
     *
     * @param publisher where accepted messages go; the caller keeps ownership
     */
    public static IngestHandler create(SecretSource secret, SlackRelayPublisher publisher) {
        return new IngestHandler(CredentialStore.secret(secret), Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * The handler a host runs with its configuration: the secret {@code INGEST_SECRET_ID} (through a Secrets
     * Manager client built now and read on first use, so a SnapStart snapshot holds no credentials) or else
     * {@code INGEST_TOKENS} and {@code INGEST_HOOKS}.
     *
     * @param publisher where accepted messages go; the caller keeps ownership
     */
    public static IngestHandler create(IngestConfig config, SlackRelayPublisher publisher) {
        if (config.secretId() != null) {
            return create(new SecretsManagerSource(SecretsManagerSource.defaultClient(), config.secretId(),
                    SECRET_REFRESH_INTERVAL, System::nanoTime), publisher);
        }
        return create(config.credentials(), publisher);
    }

    /** Handles one request; never throws for anything a client sent. */
    public IngestResponse handle(IngestRequest request) {
        String path = request.path();
        String route;
        Handled handled;
        try {
            if (path.equals(MESSAGES_PATH)) {
                route = MESSAGES_PATH;
                handled = messages.handle(request);
            } else if (path.startsWith(HOOKS_PREFIX)) {
                route = HOOKS_PREFIX + "{hookId}";
                handled = hooks.handle(request, path.substring(HOOKS_PREFIX.length()));
            } else {
                route = "(unknown)";
                handled = Handled.refused(JsonAnswers.notFound(), null);
            }
        } catch (RuntimeException e) {
            LOG.error("{} request failed", request.method(), e);
            return JsonAnswers.internalError();
        }
        IngestResponse response = handled.response();
        LOG.info("{} {} {} queued={}{}{}", request.method(), route, response.status(), handled.queued(),
                handled.hookHint() == null ? "" : " hook=" + handled.hookHint(),
                handled.detail() == null ? "" : " (" + handled.detail() + ")");
        return response;
    }
}
