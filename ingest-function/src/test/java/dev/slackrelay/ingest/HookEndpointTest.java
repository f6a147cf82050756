package dev.slackrelay.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** POST /hooks/{hookId}: Slack incoming-webhook payloads onto the hook's channel, answered as Slack answers. */
class HookEndpointTest {

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

    private IngestResponse post(String hookId, String contentType, String body) {
        return ingest.handle("POST", "/hooks/" + hookId, body, "Content-Type", contentType);
    }

    private SlackMessage theOneQueuedMessage(String channel) {
        Message m = ingest.drain().getFirst();
        assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, channel);
        return WireFormat.decode(m.body());
    }

    @Test
    void queuesAJsonPayloadForTheHooksChannelAsSlackMrkdwnAndAnswersOk() {
        IngestResponse response = post(IngestFixture.HOOK, "application/json", "{\"text\":\"*deploy* done\","
                + "\"channel\":\"#elsewhere\",\"username\":\"ci\",\"icon_url\":\"https://example.com/ci.png\","
                + "\"thread_ts\":\"1700000000.000100\",\"unfurl_links\":true,\"unknown\":[1]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("ok");
        SlackMessage message = theOneQueuedMessage(IngestFixture.HOOK_CHANNEL);
        assertThat(message.channel()).as("the hook decides the channel").isEqualTo(IngestFixture.HOOK_CHANNEL);
        assertThat(message.text()).isEqualTo("*deploy* done");
        assertThat(message.mrkdwn()).isTrue();
        assertThat(message.username()).isEqualTo("ci");
        assertThat(message.iconUrl()).isEqualTo("https://example.com/ci.png");
        assertThat(message.threadTs()).isEqualTo("1700000000.000100");
        assertThat(message.unfurlLinks()).isTrue();
        assertThat(message.unfurlMedia()).isNull();
    }

    @Test
    void queuesAFormPayloadAndKeepsBlocksAndAttachmentsAsGiven() throws Exception {
        String payload = "{\"text\":\"fallback\",\"mrkdwn\":false,\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"CPU *high*\"}}],\"attachments\":[{\"color\":\"#ff0000\","
                + "\"text\":\"details\"}]}";
        IngestResponse response = post(IngestFixture.HOOK, "application/x-www-form-urlencoded",
                "token=ignored&payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(200);
        SlackMessage message = theOneQueuedMessage(IngestFixture.HOOK_CHANNEL);
        assertThat(message.mrkdwn()).isFalse();
        JsonNode given = JSON.readTree(payload);
        assertThat(message.blocks()).containsExactly((com.fasterxml.jackson.databind.node.ObjectNode)
                given.path("blocks").get(0));
        assertThat(message.attachments()).containsExactly((com.fasterxml.jackson.databind.node.ObjectNode)
                given.path("attachments").get(0));
    }

    @Test
    void acceptsAJsonBodyWhateverItsContentTypeAsSlackDoes() {
        assertThat(post(IngestFixture.HOOK, "text/plain", "{\"text\":\"hello\"}").status()).isEqualTo(200);
        assertThat(ingest.handle("POST", "/hooks/" + IngestFixture.HOOK, "{\"text\":\"hi\"}").status())
                .isEqualTo(200);
        assertThat(ingest.drain()).hasSize(2);
    }

    @Test
    void defusesBroadcastMentionsInTextBlocksAndAttachments() {
        String payload = "{\"text\":\"<!channel> db down <!here|here>\",\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"<!everyone> look\"}}],\"attachments\":[{\"text\":\"<!here>\"}]}";
        assertThat(post(IngestFixture.HOOK, "application/json", payload).status()).isEqualTo(200);

        SlackMessage message = theOneQueuedMessage(IngestFixture.HOOK_CHANNEL);
        assertThat(message.text()).isEqualTo("&lt;!channel> db down &lt;!here|here>");
        assertThat(message.blocks().getFirst().path("text").path("text").textValue()).isEqualTo("&lt;!everyone> look");
        assertThat(message.attachments().getFirst().path("text").textValue()).isEqualTo("&lt;!here>");
    }

    @Test
    void keepsBroadcastMentionsForAHookThatAllowsThem() {
        String payload = "{\"text\":\"<!channel> db down\",\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"<!everyone> look\"}}]}";
        assertThat(post(IngestFixture.LOUD_HOOK, "application/json", payload).status()).isEqualTo(200);

        SlackMessage message = theOneQueuedMessage(IngestFixture.LOUD_CHANNEL);
        assertThat(message.text()).isEqualTo("<!channel> db down");
        assertThat(message.blocks().getFirst().path("text").path("text").textValue()).isEqualTo("<!everyone> look");
    }

    @Test
    void answersAsSlackDoesAndQueuesNothingForABadPayload() {
        IngestResponse noText = post(IngestFixture.HOOK, "application/json", "{\"username\":\"ci\"}");
        IngestResponse invalid = post(IngestFixture.HOOK, "application/json", "{\"text\":5}");
        IngestResponse unknown = post("hook_0123456789abcdefghiX", "application/json", "{\"text\":\"x\"}");

        assertThat(noText.status()).isEqualTo(400);
        assertThat(noText.body()).isEqualTo("no_text");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("invalid_payload");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("no_service");
        assertThat(ingest.drain()).isEmpty();
    }
}
