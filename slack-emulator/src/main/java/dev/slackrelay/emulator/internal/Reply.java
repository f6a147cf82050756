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
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, String json) {
        return new Reply(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
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
        return new Reply(status, "text/html", page.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return new Reply(status, contentType, body, all);
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
