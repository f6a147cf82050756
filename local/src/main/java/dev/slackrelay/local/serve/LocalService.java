package dev.slackrelay.local.serve;

import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import dev.slackrelay.ingest.IngestHandler;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.local.serve.ServeOptions.Hook;

/**
 * The local twin as a service: the {@link LocalPipeline} (embedded SQS with the template's queues, the relay behind
 * the event-source emulators, the urgent lane, and the Slack emulator or another Slack) with HTTP ingestion in front
 * of it ({@link IngestHttpServer} hosting the {@link IngestHandler} on the pipeline's publisher), running until
 * closed.
 *
 * <pre>{@code
 * try (LocalService service = LocalService.start(ServeOptions.builder().httpPort(0).build(), null)) {
 *     URI messages = service.messagesUrl();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe for the accessors; close from one thread.
 */
public final class LocalService implements AutoCloseable {

    static {
        // The publisher's SQS client (the SDK's url-connection client) keeps at most http.maxConnections idle
        // connections per host, 5 by default: with more requests in flight than that, each one beyond opens and then
        // closes a connection to ElasticMQ. The JDK reads it once, so it is set before the pipeline's first call; a
        // user's -D wins.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
    }

    private final ServeOptions options;
    private final LocalPipeline pipeline;
    private final IngestHttpServer http;

    private LocalService(ServeOptions options, LocalPipeline pipeline, IngestHttpServer http) {
        this.options = options;
        this.pipeline = pipeline;
        this.http = http;
    }

    /**
     * Starts the pipeline, the relay (unless {@link ServeOptions#relay()} says not to) and the HTTP ingestion.
     *
     * @param options         what to run
     * @param deliveryLogCopy where the relay's JSON delivery log is copied as well (not closed), or {@code null}
     * @throws java.io.UncheckedIOException if a port cannot be bound
     */
    public static LocalService start(ServeOptions options, OutputStream deliveryLogCopy) throws InterruptedException {
        Objects.requireNonNull(options, "options");
        // the server's settings first: the JDK's HTTP server reads its system properties once, and the Slack
        // emulator, which starts with the pipeline, uses the same server
        IngestHttpServer.Builder http = IngestHttpServer.builder().bind(options.bind()).port(options.httpPort());
        LocalPipeline pipeline = pipeline(options, deliveryLogCopy).start();
        try {
            if (options.relay()) {
                pipeline.startRelay();
            }
            IngestHttpServer server = http.handler(IngestHandler.create(options.credentials(), pipeline.publisher()))
                    .build().start();
            return new LocalService(options, pipeline, server);
        } catch (RuntimeException | Error | InterruptedException e) {
            try {
                pipeline.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static LocalPipeline.Builder pipeline(ServeOptions options, OutputStream deliveryLogCopy) {
        LocalPipeline.Builder pipeline = LocalPipeline.builder().deliveryLogCopy(deliveryLogCopy)
                .relay(relay -> {
                    if (!options.usesEmulator()) {
                        relay.slackBotToken(options.slackBotToken()).slackApiUrl(options.slackApiUrl());
                    }
                    return relay.channelInterval(options.channelInterval()).messagesPerPost(options.messagesPerPost());
                });
        if (!options.usesEmulator()) {
            return pipeline.noEmulator();
        }
        // one post per channel interval, as the relay paces: a post closer than that is the relay's fault
        double rate = 1e9 / options.channelInterval().toNanos();
        return pipeline.emulator(slack -> slack.port(options.slackPort()).ratePerSecond(rate).burst(1)
                .spacingTolerance(Duration.ofNanos(options.channelInterval().toNanos() / 10)));
    }


    /** What this service runs. */
    public ServeOptions options() {
        return options;
    }

    /** The pipeline behind the ingestion: its queues, its Slack emulator, its relay. */
    public LocalPipeline pipeline() {
        return pipeline;
    }

    /** The HTTP ingestion's server. */
    public IngestHttpServer http() {
        return http;
    }

    /** {@code http://HOST:PORT/v1/messages}. */
    public URI messagesUrl() {
        return http.baseUrl().resolve("/v1/messages");
    }

    /** {@code http://HOST:PORT/hooks/ID}: a hook's full URL, its secret ID included. */
    public URI hookUrl(Hook hook) {
        return http.baseUrl().resolve("/hooks/" + hook.id());
    }

    /** Stops taking requests, then stops the relay (letting running posts finish) and the pipeline. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            pipeline.close();
        }
    }
}
