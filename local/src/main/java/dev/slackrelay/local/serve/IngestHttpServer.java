package dev.slackrelay.local.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slackrelay.ingest.IngestHandler;
import dev.slackrelay.ingest.IngestRequest;
import dev.slackrelay.ingest.IngestResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local host of the ingest core: the JDK's HTTP server, one virtual thread per exchange, handing every request to
 * an {@link IngestHandler} and sending its answer as is. It decides nothing itself (no routing, authentication or
 * validation); it only stops reading a body one byte past {@link Builder#maxBodyBytes(int) the core's limit}, so the
 * core can answer 413 without the host buffering an unbounded body.
 *
 * <pre>{@code
 * try (IngestHttpServer server = IngestHttpServer.builder().handler(handler).port(8080).build().start()) {
 *     System.out.println(server.baseUrl() + "/v1/messages");
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the accessors are valid after
 * {@link #start()} returned.
 */
public final class IngestHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpServer.class);

    static {
        // Answers are small and requests come over kept-alive connections: without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK can hold an answer back for tens of milliseconds. Read once, when the JDK's
        // server classes initialise, so it is set before the first server is created (a user's -D wins).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final IngestHandler handler;
    private final InetAddress bind;
    private final int requestedPort;
    private final int backlog;
    private final int maxBodyBytes;
    private final Object lock = new Object();
    private HttpServer server;
    private ExecutorService executor;
    private volatile int port = -1;
    private boolean closed;

    private IngestHttpServer(Builder builder) {
        this.handler = Objects.requireNonNull(builder.handler, "handler");
        this.bind = builder.bind;
        this.requestedPort = builder.port;
        this.backlog = builder.backlog;
        this.maxBodyBytes = builder.maxBodyBytes;
    }

    /** A builder with the defaults: 127.0.0.1, port 8080, a backlog of 1024 connections. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts answering.
     *
     * @return this
     * @throws UncheckedIOException  if the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public IngestHttpServer start() {
        synchronized (lock) {
            if (closed || server != null) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            HttpServer created;
            try {
                created = HttpServer.create(new InetSocketAddress(bind, requestedPort), backlog);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bind.getHostAddress() + ":" + requestedPort, e);
            }
            executor = Executors.newVirtualThreadPerTaskExecutor();
            created.setExecutor(executor);
            created.createContext("/", this::exchange);
            created.start();
            server = created;
            port = created.getAddress().getPort();
            return this;
        }
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            IngestResponse response = handler.handle(request(exchange));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientGone) {
            LOG.debug("ingest exchange failed: {}", clientGone.toString());
        } catch (RuntimeException bug) {
            // the core answers everything a client sends; this is a defect, logged without the request
            LOG.error("ingest handler failed", bug);
            try {
                exchange.sendResponseHeaders(500, -1);
            } catch (IOException | RuntimeException alreadyAnswered) {
                // nothing more to tell the client
            }
        }
    }

    private IngestRequest request(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        return new IngestRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                readAtMost(exchange.getRequestBody(), maxBodyBytes + 1));
    }

    /**
     * Reads up to {@code limit} bytes; a longer body is cut there (the core sees it is over its limit). The JDK's
     * server drains or drops the rest when the exchange closes.
     */
    private static byte[] readAtMost(InputStream body, int limit) throws IOException {
        return body.readNBytes(limit);
    }

    /** The bound port (the ephemeral one with {@code port(0)}). */
    public int port() {
        int bound = port;
        if (bound < 0) {
            throw new IllegalStateException("not started");
        }
        return bound;
    }

    /**
     * {@code http://HOST:PORT} without a trailing slash, HOST being the bound address, or 127.0.0.1 when bound to
     * every interface.
     */
    public URI baseUrl() {
        String host = bind.isAnyLocalAddress() ? "127.0.0.1" : bind.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, and frees the port. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (server != null) {
                server.stop(1);
                executor.close();
                server = null;
            }
        }
    }

    /** Builder for {@link IngestHttpServer}. Not thread-safe. */
    public static final class Builder {
        private IngestHandler handler;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port = 8080;
        private int backlog = 1024;
        private int maxBodyBytes = IngestHandler.MAX_BODY_BYTES;

        private Builder() {
        }

        /** The ingest core every request goes to; required. */
        public Builder handler(IngestHandler core) {
            handler = Objects.requireNonNull(core, "core");
            return this;
        }

        /** The address to listen on; default the loopback address (127.0.0.1): only this machine can post. */
        public Builder bind(InetAddress address) {
            bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port; 0 picks a free one. Default 8080. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535: " + value);
            }
            port = value;
            return this;
        }

        /** Connections the kernel queues before the server accepts them; default 1024. */
        public Builder backlog(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("backlog must be at least 1: " + connections);
            }
            backlog = connections;
            return this;
        }

        /**
         * The core's body limit: the host reads at most one byte more, which is enough for the core to answer 413.
         * Default {@link IngestHandler#MAX_BODY_BYTES}.
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 0 || bytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxBodyBytes must be 0..2^31-2: " + bytes);
            }
            maxBodyBytes = bytes;
            return this;
        }

        public IngestHttpServer build() {
            return new IngestHttpServer(this);
        }
    }
}
