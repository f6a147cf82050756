package dev.slackrelay.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as the ingest core sees it, whatever host received it (the ingest Lambda behind API Gateway, or
 * the local {@code serve} command). Immutable.
 *
 * @param method  the HTTP method, upper case ({@code POST})
 * @param path    the request path without the query string ({@code /v1/messages}, {@code /hooks/T0…})
 * @param headers header values by name; names are matched case-insensitively
 * @param body    the raw body bytes (already base64-decoded by the host when its transport encoded them); never
 *                {@code null}
 */
public record IngestRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    public IngestRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> folded.merge(name, List.copyOf(values),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        }
        headers = java.util.Collections.unmodifiableMap(folded);
        body = body == null ? new byte[0] : body.clone();
        method = method.toUpperCase(Locale.ROOT);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
