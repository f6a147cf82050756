package dev.slackrelay.ingest.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.slackrelay.ingest.IngestConfig;
import dev.slackrelay.ingest.IngestHandler;
import dev.slackrelay.ingest.IngestRequest;
import dev.slackrelay.ingest.IngestResponse;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest Lambda behind an API Gateway HTTP API (payload format 2.0): translates the event into an
 * {@link IngestRequest}, lets {@link IngestHandler} answer, and translates the answer back. Thread-safe.
 *
 * <p>SnapStart-safe: the SQS and Secrets Manager clients are built in the constructor (so they are in the
 * snapshot); the ingest secret is read on the first request.
 */
public final class IngestFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final IngestHandler handler;

    /** The handler Lambda instantiates: configured by the environment ({@link IngestConfig#fromEnvironment()}). */
    public IngestFunction() {
        this(environmentHandler());
    }

    /** A function on a given handler (tests). */
    public IngestFunction(IngestHandler handler) {
        this.handler = handler;
    }

    private static IngestHandler environmentHandler() {
        IngestConfig config = IngestConfig.fromEnvironment();
        // lives as long as the execution environment, like the handler
        SlackRelayPublisher publisher = SlackRelayPublisher.builder().config(config.publisher()).build();
        return IngestHandler.create(config, publisher);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        IngestResponse response = handler.handle(request(event));
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("Content-Type", response.contentType());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    static IngestRequest request(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null || http.getMethod() == null ? "GET" : http.getMethod();
        Map<String, List<String>> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            // payload format 2.0 joins repeated headers with commas; the core reads single-valued ones only
            event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        String body = event.getBody();
        byte[] bytes = body == null ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new IngestRequest(method, path(event), headers, bytes);
    }

    /** The path without the stage, which a named stage (not {@code $default}) puts in front of it. */
    private static String path(APIGatewayV2HTTPEvent event) {
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
        if (stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            return path.substring(stage.length() + 1);
        }
        return path;
    }
}
