package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slackrelay.emulator.EmulatorOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP server on 127.0.0.1 that routes requests to the handlers, one virtual thread per exchange (so
 * injected delays and answer latency cost no platform threads, and an answer that waits never holds up another
 * channel's request).
 *
 * <p>Thread-safe; {@link #start()} and {@link #stop()} are meant to be called once each.
 */
public final class EmulatorServer {

    private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());

    private final EmulatorOptions options;
    private final ApiHandler api;
    private final WebhookHandler webhooks;
    private final InspectionHandler inspection;
    private final FileMethods files;
    private HttpServer server;
    private ExecutorService executor;

    public EmulatorServer(EmulatorOptions options, FaultInjector faults, PostLedger ledger) {
        ObjectMapper json = new ObjectMapper();
        FaultGate gate = new FaultGate(faults, ledger, new AnswerDelay(options.answerLatency()));
        PostPipeline pipeline = new PostPipeline(options, faults, ledger);
        ApiReplies replies = new ApiReplies(json, ledger);
        this.options = options;
        this.files = new FileMethods(json, pipeline, ledger, replies, gate, new UploadStore(), options.maxFileSize());
        this.api = new ApiHandler(json, options.token(), gate, ledger, replies,
                new MessageMethods(json, pipeline, ledger, replies, options.blocksTextLimit()),
                new UserDirectory(options.users(), replies), files);
        this.webhooks = new WebhookHandler(json, options.webhooks(), gate, pipeline, ledger);
        this.inspection = new InspectionHandler(json, ledger);
    }

    public synchronized int start() throws IOException {
        HttpServer created = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        created.setExecutor(executor);
        created.createContext("/", this::route);
        created.start();
        server = created;
        return created.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            // Interrupts exchanges still sleeping in an injected delay.
            executor.shutdownNow();
            server = null;
        }
    }

    private void route(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/")) {
                api.handle(exchange);
            } else if (path.startsWith(UploadStore.PATH)) {
                files.receive(exchange);
            } else if (path.startsWith("/services/")) {
                webhooks.handle(exchange);
            } else if (path.equals("/stats") && method.equals("GET")) {
                inspection.stats(exchange);
            } else if (path.equals("/posts") && method.equals("GET")) {
                inspection.posts(exchange);
            } else if (path.equals("/messages") && method.equals("GET")) {
                inspection.messages(exchange);
            } else {
                exchange.getRequestBody().readAllBytes();
                Reply.text(404, "not_found").writeTo(exchange);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            LOG.log(System.Logger.Level.DEBUG, "exchange failed", clientGone);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "emulator failed on " + exchange.getRequestURI(), bug);
            try {
                Reply.text(500, "emulator_error").writeTo(exchange);
            } catch (IOException | RuntimeException alreadyAnswered) {
                // nothing more to tell the client
            }
        }
    }
}
