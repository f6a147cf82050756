package dev.slackrelay.ingest.internal;

import java.util.Locale;

/**
 * A {@code Content-Type} header: the media type in lower case and its {@code charset}, if any. Immutable.
 *
 * @param mediaType for example {@code application/json}; empty when the header is missing
 * @param charset   the {@code charset} parameter in lower case, or {@code null}
 */
public record ContentType(String mediaType, String charset) {

    /** Reads a header value; {@code null} gives an empty media type. */
    public static ContentType parse(String header) {
        if (header == null) {
            return new ContentType("", null);
        }
        String[] parts = header.split(";");
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                charset = param[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return new ContentType(parts[0].strip().toLowerCase(Locale.ROOT), charset);
    }

    /** Whether this is {@code type} in UTF-8 (no charset means UTF-8 for JSON and forms). */
    public boolean is(String type) {
        return mediaType.equals(type) && (charset == null || charset.equals("utf-8") || charset.equals("utf8"));
    }
}
