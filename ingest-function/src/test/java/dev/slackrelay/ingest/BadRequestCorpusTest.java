package dev.slackrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.publisher.LocalSqs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of {@code bad-requests.json} (test data: name, method, path, headers, a body given as text, base64
 * or a repeated unit, and the expected status, body or JSON fields, and headers) is refused as expected and queues
 * nothing.
 */
class BadRequestCorpusTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();
    private static final JsonMapper JSON = new JsonMapper();
    private static final IngestCredentials CREDENTIALS = new IngestCredentials(List.of("corpus-token-0123456789"),
            Map.of("corpus_hook_0123456789ab", HookTarget.of("C0CORPUS")));

    private static IngestFixture ingest;
    private static IngestHandler handler;

    @BeforeAll
    static void start() {
        ingest = new IngestFixture(SQS);
        handler = IngestHandler.create(CREDENTIALS, ingest.publisher);
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    static Stream<Arguments> corpus() throws IOException {
        try (InputStream in = BadRequestCorpusTest.class.getResourceAsStream("/bad-requests.json")) {
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                cases.add(Arguments.of(c.path("name").textValue(), c));
            }
            return cases.stream();
        }
    }

    @Test
    void holdsAtLeastThirtyCases() throws IOException {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusesAndQueuesNothing(String name, JsonNode c) throws IOException {
        List<String> headers = new ArrayList<>();
        c.path("headers").properties().forEach(h -> {
            headers.add(h.getKey());
            headers.add(h.getValue().textValue());
        });
        IngestResponse response = handler.handle(IngestFixture.request(c.path("method").textValue(),
                c.path("path").textValue(), body(c), headers.toArray(String[]::new)));

        assertThat(response.status()).as("status").isEqualTo(c.path("expectedStatus").intValue());
        if (c.has("expectedBody")) {
            assertThat(response.body()).as("body").isEqualTo(c.path("expectedBody").textValue());
        }
        if (c.has("expectedJson")) {
            assertThat(response.contentType()).isEqualTo("application/json");
            assertContains(JSON.readTree(response.body()), c.path("expectedJson"), "$");
        }
        c.path("expectedHeaders").properties().forEach(h ->
                assertThat(response.headers()).containsEntry(h.getKey(), h.getValue().textValue()));
        assertThat(ingest.drain()).as("main queue").isEmpty();
        assertThat(ingest.drainUrgent()).as("urgent queue").isEmpty();
    }

    private static byte[] body(JsonNode c) {
        if (c.has("bodyBase64")) {
            return Base64.getDecoder().decode(c.path("bodyBase64").textValue());
        }
        if (c.has("bodyRepeat")) {
            JsonNode r = c.path("bodyRepeat");
            return (r.path("prefix").asText() + r.path("unit").asText().repeat(r.path("count").intValue())
                    + r.path("suffix").asText()).getBytes(StandardCharsets.UTF_8);
        }
        return c.path("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    /** Objects: every expected field is there, recursively; arrays: as many elements, each matching; else equal. */
    private static void assertContains(JsonNode actual, JsonNode expected, String where) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + " is an object: " + actual).isTrue();
            expected.properties().forEach(e -> {
                assertThat(actual.has(e.getKey())).as(where + "." + e.getKey() + " in " + actual).isTrue();
                assertContains(actual.get(e.getKey()), e.getValue(), where + "." + e.getKey());
            });
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(where + " size: " + actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(actual.get(i), expected.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }
}
