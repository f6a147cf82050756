package dev.slackrelay.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw {@code blocks} and {@code attachments}, {@code icon_url} and unfurling: the wire fields of webhook payloads. */
class PostedAsGivenTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void rawFieldsSurviveTheWireUnchanged() {
        String wire = """
                {"channel":"C1","text":"deploy <https://x.example|done>","icon_url":"https://x.example/i.png",\
                "mrkdwn":true,"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*done*"}}],\
                "attachments":[{"color":"#36a64f","text":"42 tasks"}],"unfurl_links":true,"unfurl_media":false}""";

        SlackMessage m = WireFormat.decode(wire);

        assertThat(m.blocks()).hasSize(1);
        assertThat(m.attachments()).hasSize(1);
        assertThat(m.iconUrl()).isEqualTo("https://x.example/i.png");
        assertThat(m.unfurlLinks()).isTrue();
        assertThat(m.unfurlMedia()).isFalse();
        assertThat(m.postedAsGiven()).isTrue();
        assertThat(WireFormat.decode(WireFormat.encode(m))).isEqualTo(m);
    }

    @Test
    void messagesWithoutTheNewFieldsEncodeAsBefore() {
        SlackMessage m = SlackMessage.builder("C1").title("t").body("b").build();

        assertThat(WireFormat.encode(m)).isEqualTo("{\"channel\":\"C1\",\"title\":\"t\",\"body\":\"b\"}");
        assertThat(m.blocks()).isNull();
        assertThat(m.attachments()).isNull();
        assertThat(m.postedAsGiven()).isFalse();
    }

    @Test
    void rawBlocksArePostedWithoutTheLayout() throws Exception {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").mrkdwn(true)
                .blocks(List.of(JSON.readTree("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*a* <!here>\"}}")))
                .build());

        assertThat(r.blocks()).hasSize(1);
        assertThat(r.blocks().get(0).at("/text/text").textValue()).isEqualTo("*a* <!here>");
        assertThat(r.text()).isEqualTo("*a* <!here>"); // the notification preview
        assertThat(r.attachmentsJson()).isNull();
        assertThat(r.toPayload().has("attachments")).isFalse();
    }

    @Test
    void untrustedRawBlocksAndAttachmentsHaveTheirBroadcastsDefused() throws Exception {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").text("see <!channel>")
                .blocks(List.of(JSON.readTree("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"<!channel> x\"}}")))
                .attachments(List.of(JSON.readTree("{\"pretext\":\"<!everyone>\",\"fields\":[{\"value\":\"<!here>\"}]}")))
                .build());

        assertThat(r.text()).isEqualTo("see &lt;!channel&gt;");
        assertThat(r.blocksJson()).doesNotContain("<!channel>");
        assertThat(r.attachmentsJson()).doesNotContain("<!everyone>").doesNotContain("<!here>").contains("&lt;!here>");
    }

    @Test
    void textAloneIsPostedAsPlainText() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").text("*build* 42 ok").mrkdwn(true).build());

        assertThat(r.blocks()).isEmpty();
        assertThat(r.blocksJson()).isNull();
        assertThat(r.text()).isEqualTo("*build* 42 ok");
        assertThat(r.toPayload().has("blocks")).isFalse();
    }

    @Test
    void attachmentsAloneHaveNoTextAboveThem() throws Exception {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1")
                .attachments(List.of(JSON.readTree("{\"fallback\":\"f\",\"text\":\"t\"}"))).build());

        assertThat(r.text()).isEmpty();
        assertThat(r.toPayload().has("text")).isFalse();
        assertThat(r.toPayload().get("attachments")).hasSize(1);
    }

    @Test
    void anIconUrlReplacesTheDefaultEmoji() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("b")
                .iconUrl("https://x.example/i.png").unfurlLinks(true).build());

        assertThat(r.iconEmoji()).isNull();
        assertThat(r.iconUrl()).isEqualTo("https://x.example/i.png");
        assertThat(r.toPayload().get("icon_url").textValue()).isEqualTo("https://x.example/i.png");
        assertThat(r.toPayload().has("icon_emoji")).isFalse();
        assertThat(r.toPayload().get("unfurl_links").booleanValue()).isTrue();
    }

    @Test
    void rawBlocksAreCheckedAgainstSlacksLimits() throws Exception {
        List<JsonNode> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(JSON.readTree("{\"type\":\"divider\"}"));
        }
        assertThat(fields(SlackMessage.builder("C1").blocks(many).build())).containsExactly("blocks");

        JsonNode longSection = JSON.createObjectNode().put("type", "section").set("text",
                JSON.createObjectNode().put("type", "mrkdwn").put("text", "x".repeat(3001)));
        assertThat(fields(SlackMessage.builder("C1").blocks(List.of(longSection)).build())).containsExactly("blocks[0]");

        assertThat(fields(SlackMessage.builder("C1").blocks(List.of(JSON.readTree("{\"text\":\"x\"}"))).build()))
                .containsExactly("blocks[0].type");
    }

    @Test
    void rawBlocksDoNotMixWithTheLayoutOrMentions() throws Exception {
        List<JsonNode> one = List.of(JSON.readTree("{\"type\":\"divider\"}"));

        assertThat(fields(SlackMessage.builder("C1").title("t").blocks(one).build())).containsExactly("blocks");
        assertThat(fields(SlackMessage.builder("C1").mention("U123").blocks(one).build())).containsExactly("mentions");
    }

    @Test
    void otherNewFieldsAreValidated() throws Exception {
        List<JsonNode> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(JSON.readTree("{\"text\":\"a\"}"));
        }
        assertThat(fields(SlackMessage.builder("C1").attachments(many).build())).containsExactly("attachments");
        assertThat(fields(SlackMessage.builder("C1").body("b").iconUrl("javascript:alert(1)").build()))
                .containsExactly("icon_url");
        assertThat(fields(SlackMessage.builder("C1").blocks(List.of()).build())).containsExactly("(body)");
    }

    @Test
    void wrongTypesAreNamed() {
        try {
            WireFormat.decode("""
                    {"channel":"C1","blocks":{},"attachments":[1],"icon_url":3,"unfurl_links":"yes"}""");
        } catch (InvalidMessageException e) {
            assertThat(e.violations()).extracting(Violation::field)
                    .containsExactlyInAnyOrder("blocks", "attachments[0]", "icon_url", "unfurl_links");
            return;
        }
        throw new AssertionError("decoded a message with wrong types");
    }

    @Test
    void digestsFoldRawBlocksAndTextButNeverAttachments() throws Exception {
        SlackMessage text = SlackMessage.builder("C1").text("first").mrkdwn(true).build();
        SlackMessage blocks = SlackMessage.builder("C1").mrkdwn(true)
                .blocks(List.of(JSON.readTree("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"second\"}}")))
                .build();
        SlackMessage attached = SlackMessage.builder("C1").mrkdwn(true)
                .attachments(List.of(JSON.readTree("{\"text\":\"third\"}"))).build();

        RenderedMessage digest = DigestRenderer.render(List.of(text, blocks)).orElseThrow();
        assertThat(digest.blocksJson()).contains("first").contains("second");
        assertThat(digest.text()).startsWith("2 notifications: first");
        assertThat(DigestRenderer.compatible(text, attached)).isFalse();
        assertThat(DigestRenderer.compatible(text, SlackMessage.builder("C1").text("x").mrkdwn(true)
                .unfurlLinks(true).build())).isFalse();
    }

    private static List<String> fields(SlackMessage m) {
        return MessageValidator.violations(m).stream().map(Violation::field).toList();
    }
}
