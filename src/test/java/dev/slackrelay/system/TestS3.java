package dev.slackrelay.system;

import dev.slackrelay.local.s3.EmbeddedS3;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 for the system tests: {@code moto_server} as a child process when it is on the PATH (an independent S3
 * implementation), else the local kit's {@link EmbeddedS3}. Not thread-safe; one per test.
 */
final class TestS3 implements AutoCloseable {

    /** Which S3 serves. */
    enum Backend {
        EMBEDDED, MOTO
    }

    private static final String CREDENTIAL = "testing";
    /** Not a bound on a test: how long moto_server may take to listen before the fixture gives up. */
    private static final Duration MOTO_START = Duration.ofMinutes(2);

    private final Backend backend;
    private final URI endpoint;
    private final EmbeddedS3 embedded;
    private final Process moto;
    private final Path motoLog;

    private TestS3(Backend backend, URI endpoint, EmbeddedS3 embedded, Process moto, Path motoLog) {
        this.backend = backend;
        this.endpoint = endpoint;
        this.embedded = embedded;
        this.moto = moto;
        this.motoLog = motoLog;
    }

    /** The embedded S3, and moto_server too when it is on the PATH. */
    static List<Backend> available() {
        List<Backend> backends = new ArrayList<>(List.of(Backend.EMBEDDED));
        if (motoServer() != null) {
            backends.add(Backend.MOTO);
        }
        return backends;
    }

    static TestS3 start(Backend backend) throws IOException, InterruptedException {
        return switch (backend) {
            case EMBEDDED -> {
                EmbeddedS3 s3 = EmbeddedS3.create().start();
                yield new TestS3(backend, s3.endpoint(), s3, null, null);
            }
            case MOTO -> startMoto();
        };
    }

    private static TestS3 startMoto() throws IOException, InterruptedException {
        Path executable = motoServer();
        if (executable == null) {
            throw new IllegalStateException("moto_server is not on the PATH");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", CREDENTIAL);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", CREDENTIAL);
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        Process process = builder.start();
        TestS3 s3 = new TestS3(Backend.MOTO, URI.create("http://127.0.0.1:" + port), null, process, log);
        long deadline = System.nanoTime() + MOTO_START.toNanos();
        while (!listens(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                s3.close();
                throw new IllegalStateException("moto_server did not start on port " + port + ": "
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return s3;
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** moto_server on the PATH, or {@code null}. */
    private static Path motoServer() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    Backend backend() {
        return backend;
    }

    /** A new client of this S3 (path-style, dummy credentials, us-east-1); the caller closes it. */
    S3Client newClient() {
        if (embedded != null) {
            return embedded.newClient();
        }
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(CREDENTIAL, CREDENTIAL)))
                .build();
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (moto != null) {
            moto.descendants().forEach(ProcessHandle::destroy);
            moto.destroy();
            try {
                if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                    moto.destroyForcibly();
                }
                Files.deleteIfExists(motoLog);
            } catch (InterruptedException e) {
                moto.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return backend.name().toLowerCase(java.util.Locale.ROOT);
    }
}
