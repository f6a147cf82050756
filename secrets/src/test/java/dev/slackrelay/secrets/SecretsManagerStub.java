package dev.slackrelay.secrets;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Answers Secrets Manager's {@code GetSecretValue} (AWS JSON 1.1 protocol) on loopback with one secret whose value a
 * test can change, as a rotation would. Used by the relay's tests (where {@code moto_server} is not installed), the
 * ingest function's and the system tests (it is in this module's test jar). Thread-safe.
 */
public final class SecretsManagerStub implements AutoCloseable {

    /** The one secret's ARN. */
    public static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-relay/bot-token-AbCdEf";

    private final HttpServer server;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String value;

    /** Starts the stub on a free loopback port. */
    public SecretsManagerStub(String initialValue) {
        this.value = initialValue;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ObjectNode answer = JsonMapper.builder().build().createObjectNode();
            int status = 200;
            if ("secretsmanager.GetSecretValue".equals(target) && request.contains(ARN)) {
                reads.incrementAndGet();
                answer.put("ARN", ARN).put("Name", "slack-relay/bot-token").put("SecretString", value)
                        .put("VersionId", "v" + reads.get());
            } else {
                status = 400;
                answer.put("__type", "ResourceNotFoundException").put("message", "no such secret");
            }
            byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Changes the secret's value. */
    public void rotate(String newValue) {
        value = newValue;
    }

    /** How many times the secret was read. */
    public int reads() {
        return reads.get();
    }

    /** Where it listens: for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client for it. */
    public SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
