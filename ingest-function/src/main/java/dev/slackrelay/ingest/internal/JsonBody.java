package dev.slackrelay.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body read as JSON: strictly UTF-8, one JSON value and nothing after it, nested at most
 * {@value #MAX_NESTING_DEPTH} deep. Either {@link Parsed} or {@link Unreadable}. Immutable.
 */
public sealed interface JsonBody permits JsonBody.Parsed, JsonBody.Unreadable {

    /** The deepest nesting of arrays and objects accepted (a wire-format message needs about eight). */
    int MAX_NESTING_DEPTH = 64;

    /** Why a body is unreadable. */
    enum Fault { EMPTY, NOT_UTF8, NOT_JSON, TOO_DEEP }

    /** @param root the JSON value */
    record Parsed(JsonNode root) implements JsonBody {
    }

    /**
     * @param fault  what is wrong
     * @param detail what is wrong in words, never quoting the body
     */
    record Unreadable(Fault fault, String detail) implements JsonBody {
    }

    /** Reads {@code body} as one JSON value. */
    static JsonBody read(byte[] body) {
        String text;
        try {
            text = utf8(body);
        } catch (CharacterCodingException e) {
            return new Unreadable(Fault.NOT_UTF8, "the body is not valid UTF-8");
        }
        return read(text);
    }

    /** Reads {@code text} as one JSON value. */
    static JsonBody read(String text) {
        if (text.isBlank()) {
            return new Unreadable(Fault.EMPTY, "the body is empty");
        }
        try {
            return new Parsed(Mapper.INSTANCE.readTree(text));
        } catch (StreamConstraintsException e) {
            return new Unreadable(Fault.TOO_DEEP, "the body is nested deeper than " + MAX_NESTING_DEPTH
                    + " levels or holds a number or name too long");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return new Unreadable(Fault.NOT_JSON, at == null ? "the body is not valid JSON"
                    : "the body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
    }

    /**
     * Decodes UTF-8, refusing malformed input rather than replacing it.
     *
     * @throws CharacterCodingException if {@code bytes} are not valid UTF-8
     */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** The one mapper of request bodies. */
    final class Mapper {
        static final JsonMapper INSTANCE = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                                .build())
                        .build())
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();

        private Mapper() {
        }
    }
}
