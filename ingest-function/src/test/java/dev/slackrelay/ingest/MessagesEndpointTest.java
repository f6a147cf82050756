package dev.slackrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** POST /v1/messages on ElasticMQ through the real publisher. */
class MessagesEndpointTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();
    private static final JsonMapper JSON = new JsonMapper();

    private IngestFixture ingest;

    @BeforeEach
    void start() {
        ingest = new IngestFixture(SQS);
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private static JsonNode json(IngestResponse response) throws Exception {
        assertThat(response.contentType()).isEqualTo("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void queuesOneMessageAndAnswersItsId() throws Exception {
        IngestResponse response = ingest.postMessages("{\"channel\":\"C0123456789\",\"title\":\"Deploy\","
                + "\"body\":\"42 tasks\"}");

        assertThat(response.status()).isEqualTo(202);
        JsonNode answer = json(response);
        assertThat(answer.path("ok").asBoolean()).isTrue();
        List<Message> queued = ingest.drain();
        assertThat(queued).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("{\"channel\":\"C0123456789\",\"title\":\"Deploy\",\"body\":\"42 tasks\"}");
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "C0123456789")
                    .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
                            answer.path("messages").get(0).path("id").textValue());
        });
        assertThat(ingest.drainUrgent()).isEmpty();
    }

    @Test
    void queuesAnArrayInOrderAndAnswersTheIdsInOrder() throws Exception {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            array.append(i == 0 ? "" : ",").append("{\"channel\":\"C").append(i % 3).append("\",\"body\":\"m")
                    .append(i).append("\"}");
        }
        IngestResponse response = ingest.postMessages(array.append(']').toString());

        assertThat(response.status()).isEqualTo(202);
        JsonNode ids = json(response).path("messages");
        assertThat(ids).hasSize(25);
        List<Message> queued = ingest.drain();
        assertThat(queued).hasSize(25);
        for (int channel = 0; channel < 3; channel++) {
            String group = "C" + channel;
            List<Integer> order = queued.stream()
                    .filter(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID).equals(group))
                    .map(m -> Integer.parseInt(WireFormat.decode(m.body()).body().substring(1))).toList();
            assertThat(order).as("channel %s in the order sent", group).isSorted().hasSizeGreaterThan(7);
        }
        for (Message m : queued) {
            int index = Integer.parseInt(WireFormat.decode(m.body()).body().substring(1));
            assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                    .isEqualTo(ids.get(index).path("id").textValue());
        }
    }

    @Test
    void sendsUrgentMessagesToTheUrgentQueue() {
        IngestResponse response = ingest.postMessages("[{\"channel\":\"C1\",\"body\":\"disk full\","
                + "\"priority\":\"urgent\"},{\"channel\":\"C1\",\"body\":\"nightly export done\"}]");

        assertThat(response.status()).isEqualTo(202);
        assertThat(ingest.drainUrgent()).singleElement()
                .satisfies(m -> assertThat(WireFormat.decode(m.body()).priority()).isEqualTo(Priority.URGENT));
        assertThat(ingest.drain()).singleElement()
                .satisfies(m -> assertThat(WireFormat.decode(m.body()).body()).isEqualTo("nightly export done"));
    }

    @Test
    void acceptsEveryConfiguredTokenAndNothingElse() {
        String message = "{\"channel\":\"C1\",\"text\":\"hi\"}";
        assertThat(ingest.handle("POST", "/v1/messages", message, "Authorization", "Bearer " + IngestFixture.TOKEN,
                "Content-Type", "application/json").status()).isEqualTo(202);
        assertThat(ingest.handle("POST", "/v1/messages", message, "authorization", "bearer "
                + IngestFixture.OTHER_TOKEN, "content-type", "application/json; charset=UTF-8").status())
                .isEqualTo(202);
        IngestResponse refused = ingest.handle("POST", "/v1/messages", message, "Authorization", "Bearer "
                + IngestFixture.TOKEN + "x", "Content-Type", "application/json");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(refused.body()).isEqualTo("{\"ok\":false,\"error\":\"not_authed\"}");
        assertThat(ingest.drain()).hasSize(2);
    }

    @Test
    void answersEveryErrorOfAnArrayAndQueuesNone() throws Exception {
        IngestResponse response = ingest.postMessages("[{\"channel\":\"C1\",\"body\":\"fine\"},"
                + "{\"body\":\"no channel\"},{\"channel\":\"C1\",\"body\":\"x\",\"thread_ts\":\"yesterday\","
                + "\"mentions\":[\"everyone\"]},{\"channel\":\"C1\",\"priority\":\"high\",\"body\":\"x\"}]");

        assertThat(response.status()).isEqualTo(400);
        JsonNode answer = json(response);
        assertThat(answer.path("error").textValue()).isEqualTo("invalid_request");
        assertThat(answer.path("errors")).extracting(e -> e.path("index").intValue() + " " + e.path("field").textValue())
                .containsExactly("1 channel", "2 thread_ts", "2 mentions[0]", "3 priority");
        assertThat(ingest.drain()).isEmpty();
    }

    @Test
    void anIdempotencyKeyMakesARetryQueueNothingNew() throws Exception {
        String array = "[{\"channel\":\"C1\",\"body\":\"a\"},{\"channel\":\"C1\",\"body\":\"b\"}]";
        IngestResponse first = ingest.postMessages(array, "Idempotency-Key", "export-2026-11-29");
        IngestResponse retry = ingest.postMessages(array, "Idempotency-Key", "export-2026-11-29");

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(json(first).path("messages")).extracting(m -> m.path("id").textValue())
                .containsExactly("export-2026-11-29/0", "export-2026-11-29/1");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(ingest.drain()).extracting(m -> WireFormat.decode(m.body()).body()).containsExactly("a", "b");
    }

    @Test
    void answers503RetryableWhenTheQueueIsUnavailable() throws Exception {
        try (SlackRelayPublisher missing = SlackRelayPublisher.builder()
                .queueUrl(ingest.queueUrl.replace(".fifo", "-gone.fifo")).sqsClient(SQS.client()).build()) {
            IngestHandler handler = IngestHandler.create(IngestFixture.credentials(), missing);
            for (String body : List.of("{\"channel\":\"C1\",\"body\":\"a\"}",
                    "[{\"channel\":\"C1\",\"body\":\"a\"},{\"channel\":\"C2\",\"body\":\"b\"}]")) {
                IngestResponse response = handler.handle(IngestFixture.request("POST", "/v1/messages",
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Authorization",
                        "Bearer " + IngestFixture.TOKEN, "Content-Type", "application/json"));

                assertThat(response.status()).isEqualTo(503);
                assertThat(json(response).path("error").textValue()).isEqualTo("queue_unavailable");
                assertThat(json(response).path("retryable").booleanValue()).isTrue();
                assertThat(response.headers()).containsKey("Retry-After");
            }
        }
    }
}
