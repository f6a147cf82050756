package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Slack's block checks, as the SDK's form-encoded {@code blocks} field and as JSON bodies. */
// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class PayloadChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).ratePerSecond(0).build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void rejectsSectionTextOver3000Characters() throws Exception {
        assertThat(postBlocks(blocks(section("x".repeat(3001))))).isEqualTo("invalid_blocks");
        assertThat(postBlocks(blocks(section("x".repeat(3000))))).isEqualTo("ok");
    }

    @Test
    void rejectsMoreThan50Blocks() throws Exception {
        ArrayNode fifty = JSON.createArrayNode();
        for (int i = 0; i < 50; i++) {
            fifty.addObject().put("type", "divider");
        }
        assertThat(postBlocks(fifty)).isEqualTo("ok");
        fifty.addObject().put("type", "divider");
        assertThat(postBlocks(fifty)).isEqualTo("invalid_blocks");
    }

    @Test
    void rejectsBlockWithoutType() throws Exception {
        assertThat(postBlocks("[{\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}}]")).isEqualTo("invalid_blocks");
    }

    @Test
    void rejectsBlocksThatAreNotAnArrayOfObjects() throws Exception {
        assertThat(postBlocks("{\"type\":\"divider\"}")).isEqualTo("invalid_blocks");
        assertThat(postBlocks("[\"divider\"]")).isEqualTo("invalid_blocks");
        assertThat(postBlocks("[{\"type\":\"divider\"")).as("not JSON at all").isEqualTo("invalid_blocks");
        assertThat(postJson("{\"channel\":\"C1\",\"text\":\"t\",\"blocks\":{\"type\":\"divider\"}}"))
                .isEqualTo("invalid_blocks");
    }

    @Test
    void rejectsCumulativeBlockTextOverDefaultLimitOf12000() throws Exception {
        assertThat(postBlocks(blocks(section("a".repeat(3000)), section("b".repeat(3000)),
                section("c".repeat(3000)), section("d".repeat(3000))))).isEqualTo("ok");
        assertThat(postBlocks(blocks(section("a".repeat(3000)), section("b".repeat(3000)),
                section("c".repeat(3000)), section("d".repeat(3000)), context("e"))))
                .isEqualTo("msg_blocks_too_long");
    }

    @Test
    void appliesConfiguredBlocksTextLimit() throws Exception {
        try (SlackEmulator strict = SlackEmulator.builder().token(TOKEN).ratePerSecond(0).blocksTextLimit(10)
                .build().start();
                Slack client = Clients.sdk(strict)) {
            var tooLong = client.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t")
                    .blocksAsString(blocks(section("12345"), context("678901")).toString()));
            assertThat(tooLong.getError()).isEqualTo("msg_blocks_too_long");
            assertThat(strict.posts()).isEmpty();
        }
    }

    @Test
    void acceptsStringifiedBlocksInJsonBody() throws Exception {
        String body = JSON.createObjectNode().put("channel", "C1")
                .put("blocks", blocks(section("inside a string")).toString()).toString();
        assertThat(postJson(body)).isEqualTo("ok");
        assertThat(emu.posts().getFirst().payload().path("blocks").isArray()).isTrue();
    }

    @Test
    void acceptsAttachmentsWithoutText() throws Exception {
        assertThat(postJson("{\"channel\":\"C1\",\"attachments\":[{\"fallback\":\"f\",\"text\":\"a\"}]}"))
                .isEqualTo("ok");
    }

    private String postBlocks(ArrayNode blocks) throws Exception {
        return postBlocks(blocks.toString());
    }

    /** Through the SDK, which sends {@code blocks} as a form field holding a JSON string. */
    private String postBlocks(String blocksJson) throws Exception {
        var response = slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("fallback")
                .blocksAsString(blocksJson));
        return response.isOk() ? "ok" : response.getError();
    }

    private String postJson(String body) throws Exception {
        var answer = JSON.readTree(Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, body).body());
        return answer.path("ok").asBoolean() ? "ok" : answer.path("error").asText();
    }

    private static ArrayNode blocks(ObjectNode... blocks) {
        ArrayNode array = JSON.createArrayNode();
        for (ObjectNode block : blocks) {
            array.add(block);
        }
        return array;
    }

    private static ObjectNode section(String text) {
        ObjectNode section = JSON.createObjectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", text);
        return section;
    }

    private static ObjectNode context(String text) {
        ObjectNode context = JSON.createObjectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", text);
        return context;
    }
}
