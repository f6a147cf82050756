package dev.slackrelay.local.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-memory S3 on 127.0.0.1 (the JDK's HTTP server), for the files messages name by S3 reference in the local
 * pipeline and in tests.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.create().start(); S3Client client = s3.newClient()) {
 *     client.createBucket(b -> b.bucket("files"));
 *     client.putObject(p -> p.bucket("files").key("a/report.csv"), RequestBody.fromString("a,b"));
 * }
 * }</pre>
 *
 * <p>What it implements, path-style only ({@code /bucket/key}): CreateBucket ({@code PUT /bucket}, idempotent),
 * PutObject ({@code PUT /bucket/key}, including the {@code aws-chunked} bodies with chunk signatures and a checksum
 * trailer that the SDK sends over HTTP: it decodes them and checks {@code x-amz-decoded-content-length}, but verifies
 * neither signatures nor checksums), GetObject and HeadObject ({@code Content-Length}, {@code ETag} (the MD5 of the
 * content), {@code Content-Type}), DeleteObject, and S3's XML errors {@code NoSuchBucket} and {@code NoSuchKey} (404).
 * What it does not: authentication (any signature is accepted), listing, ranges, conditional requests, multipart
 * uploads, versions, metadata other than the content type, virtual-hosted-style addressing; those answer
 * {@code NotImplemented} (501).
 *
 * <p>Thread-safe: requests are served concurrently; {@link #start()} and {@link #close()} may be called from any
 * thread (each at most once has an effect); the accessors are valid after {@link #start()} returned.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** The embedded S3 accepts any credentials; the SDK needs some. */
    private static final String LOCAL_CREDENTIAL = "local";
    private static final String REGION = "us-east-1";
    private static final String XML = "application/xml";
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    /** An object as stored: its bucket, key, content type and content. */
    public record StoredObject(String bucket, String key, String contentType, byte[] content) {

        /** {@code s3://bucket/key}. */
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }

        /** S3's ETag of a single-part upload: the MD5 of the content, hex, quoted. */
        public String etag() {
            try {
                return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no MD5", e);
            }
        }

        @Override
        public String toString() {
            return "StoredObject[" + uri() + ", " + contentType + ", " + content.length + " bytes]";
        }
    }

    /** Bucket → key → object. */
    private final Map<String, ConcurrentSkipListMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private boolean started;
    private boolean closed;
    private HttpServer server;
    private ExecutorService executor;
    private volatile URI endpoint;

    private EmbeddedS3() {
    }

    /** An embedded S3, not started. */
    public static EmbeddedS3 create() {
        return new EmbeddedS3();
    }

    /**
     * Listens on a free port of 127.0.0.1.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     * @throws java.io.UncheckedIOException if it cannot listen
     */
    public EmbeddedS3 start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot listen on loopback", e);
            }
            executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", this::serve);
            server.start();
            endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            return this;
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        URI uri = endpoint;
        if (uri == null) {
            throw new IllegalStateException("not started");
        }
        return uri;
    }

    /**
     * A new S3 client for this server (path-style, dummy credentials, {@code us-east-1}, URL-connection HTTP
     * client); the caller closes it.
     */
    public S3Client newClient() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_CREDENTIAL, LOCAL_CREDENTIAL)))
                .build();
    }

    /** Creates a bucket, as CreateBucket does; nothing happens if it exists. */
    public void createBucket(String bucket) {
        buckets.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>());
    }

    /** Every stored object, by bucket and key. */
    public List<StoredObject> objects() {
        List<StoredObject> all = new ArrayList<>();
        buckets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(bucket -> all.addAll(bucket.getValue().values()));
        return all;
    }

    /** The object at {@code key} of {@code bucket}, if there is one. */
    public Optional<StoredObject> get(String bucket, String key) {
        Map<String, StoredObject> objects = buckets.get(bucket);
        return objects == null ? Optional.empty() : Optional.ofNullable(objects.get(key));
    }

    /** Stops serving; the stored objects stay readable through {@link #objects()}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                server.stop(0);
                executor.close();
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            // the decoded path: the SDK percent-encodes keys (spaces, unicode) but leaves their slashes
            String path = exchange.getRequestURI().getPath();
            int slash = path.indexOf('/', 1);
            String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            String method = exchange.getRequestMethod();
            if (bucket.isEmpty()) {
                error(exchange, 501, "NotImplemented", "listing buckets is not implemented", "/");
            } else if (key.isEmpty()) {
                if (method.equals("PUT") && exchange.getRequestURI().getRawQuery() == null) {
                    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                    createBucket(bucket);
                    exchange.getResponseHeaders().set("Location", "/" + bucket);
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    error(exchange, 501, "NotImplemented", method + " on a bucket is not implemented", "/" + bucket);
                }
            } else {
                serveObject(exchange, method, bucket, key);
            }
        }
    }

    private void serveObject(HttpExchange exchange, String method, String bucket, String key) throws IOException {
        String resource = "/" + bucket + "/" + key;
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && !query.startsWith("x-id=")) {
            // uploadId, partNumber, tagging, acl, ...: sub-resources and multipart uploads
            error(exchange, 501, "NotImplemented", "?" + query + " is not implemented", resource);
            return;
        }
        Map<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist", resource);
            return;
        }
        switch (method) {
            case "PUT" -> {
                if (exchange.getRequestHeaders().containsKey("x-amz-copy-source")) {
                    error(exchange, 501, "NotImplemented", "CopyObject is not implemented", resource);
                    return;
                }
                byte[] content;
                try {
                    content = readContent(exchange);
                } catch (IOException e) {
                    error(exchange, 400, "IncompleteBody", e.getMessage(), resource);
                    return;
                }
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                StoredObject object = new StoredObject(bucket, key, type == null ? DEFAULT_CONTENT_TYPE : type,
                        content);
                objects.put(key, object);
                exchange.getResponseHeaders().set("ETag", object.etag());
                exchange.sendResponseHeaders(200, -1);
            }
            case "GET", "HEAD" -> {
                StoredObject object = objects.get(key);
                if (object == null) {
                    error(exchange, 404, "NoSuchKey", "The specified key does not exist.", resource);
                    return;
                }
                exchange.getResponseHeaders().set("ETag", object.etag());
                exchange.getResponseHeaders().set("Content-Type", object.contentType());
                if (method.equals("HEAD")) {
                    // the JDK server sends no body for HEAD; the length is the object's, set by hand
                    exchange.getResponseHeaders().set("Content-Length", Integer.toString(object.content().length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, object.content().length == 0 ? -1 : object.content().length);
                    exchange.getResponseBody().write(object.content());
                }
            }
            case "DELETE" -> {
                objects.remove(key);
                exchange.sendResponseHeaders(204, -1);
            }
            default -> error(exchange, 501, "NotImplemented", method + " is not implemented", resource);
        }
    }

    /** The object's bytes: the body itself, or decoded from {@code aws-chunked} (its trailers are dropped). */
    private static byte[] readContent(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.contains("aws-chunked"))
                || (sha != null && sha.startsWith("STREAMING-"));
        try (InputStream in = exchange.getRequestBody()) {
            if (!chunked) {
                return in.readAllBytes();
            }
            byte[] content = AwsChunked.decode(in);
            String declared = exchange.getRequestHeaders().getFirst("x-amz-decoded-content-length");
            if (declared != null && !declared.equals(Integer.toString(content.length))) {
                throw new IOException("the aws-chunked body holds " + content.length + " bytes, not the "
                        + declared + " of x-amz-decoded-content-length");
            }
            return content;
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String resource)
            throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message><Resource>" + escape(resource) + "</Resource><RequestId>"
                + UUID.randomUUID() + "</RequestId></Error>";
        exchange.getResponseHeaders().set("Content-Type", XML);
        if (exchange.getRequestMethod().equals("HEAD")) {
            // S3 answers a HEAD with the status only; the SDK maps a 404 of HeadObject to NoSuchKey
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * The {@code aws-chunked} content encoding: {@code hex-size[;chunk-signature=...]\r\n data \r\n}, repeated, then a
     * zero-size chunk, optional trailer lines ({@code x-amz-checksum-crc32:...}) and an empty line.
     */
    static final class AwsChunked {
        private AwsChunked() {
        }

        static byte[] decode(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String header = line(in);
                int semicolon = header.indexOf(';');
                String size = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
                int length;
                try {
                    length = Integer.parseInt(size, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("not an aws-chunked chunk header: " + header, e);
                }
                if (length == 0) {
                    in.transferTo(OutputStream.nullOutputStream());
                    return out.toByteArray();
                }
                byte[] chunk = in.readNBytes(length);
                if (chunk.length < length) {
                    throw new IOException("aws-chunked body ends inside a chunk");
                }
                out.write(chunk);
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                throw new IOException("aws-chunked body ends before its last chunk");
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
