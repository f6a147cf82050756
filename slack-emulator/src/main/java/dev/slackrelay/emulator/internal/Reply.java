package dev.slackrelay.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP answer, built first and written last so a slow fault can delay it.
 *
 * <p>Immutable and thread-safe.
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers, Outcome outcome) {

    /** How a Web API method answered, for its counters. */
    enum Outcome {
        /** {@code ok:true}, or an answer that is not the API's (a webhook's, a page). */
        OK,
        /** {@code ok:false} with HTTP 200. */
        ERROR,
        /** 429. */
        RATE_LIMITED
    }

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, String json) {
        return new Reply(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of(),
                Outcome.OK);
    }

    /** An {@code ok:false} answer: HTTP 200, or 429 for a rate limit. */
    static Reply apiError(int status, String json) {
        return new Reply(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of(),
                status == 429 ? Outcome.RATE_LIMITED : Outcome.ERROR);
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of(),
                Outcome.OK);
    }

    /** The kind of page a load balancer in front of Slack sends: HTML, not JSON. */
    static Reply loadBalancerPage(int status) {
        String reason = switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
        String page = """
                <html>
                <head><title>%1$d %2$s</title></head>
                <body>
                <center><h1>%1$d %2$s</h1></center>
                </body>
                </html>
                """.formatted(status, reason);
        return new Reply(status, "text/html", page.getBytes(StandardCharsets.UTF_8), Map.of(), Outcome.OK);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return new Reply(status, contentType, body, all, outcome);
    }

    void writeTo(HttpExchange exchange) throws IOException {
        var responseHeaders = exchange.getResponseHeaders();
        responseHeaders.set("Content-Type", contentType);
        headers.forEach(responseHeaders::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
