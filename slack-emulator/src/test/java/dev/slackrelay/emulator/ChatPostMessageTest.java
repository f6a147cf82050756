package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.composition.BlockCompositions;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class ChatPostMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).channels(Set.of("C1", "C2", "C3"))
            .archived(Set.of("C_OLD")).ratePerSecond(0).build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void acceptsSdkPostAndAnswersWithChannelTsAndMessage() throws Exception {
        ChatPostMessageResponse response = slack.methods(TOKEN).chatPostMessage(r -> r
                .channel("C1").text("Nightly export finished").username("deploy-bot").iconEmoji(":rocket:")
                .threadTs("1700000000.000001")
                .blocks(List.of(Blocks.section(s -> s.text(BlockCompositions.markdownText("*done*"))))));

        assertThat(response.isOk()).isTrue();
        assertThat(response.getChannel()).isEqualTo("C1");
        assertThat(response.getTs()).matches("\\d{10}\\.\\d{6}");
        assertThat(response.getMessage().getText()).isEqualTo("Nightly export finished");
        assertThat(response.getMessage().getTs()).isEqualTo(response.getTs());
        assertThat(response.getMessage().getBlocks()).hasSize(1);

        AcceptedPost post = emu.posts().getFirst();
        assertThat(post.channel()).isEqualTo("C1");
        assertThat(post.ts()).isEqualTo(response.getTs());
        assertThat(post.source()).isEqualTo(AcceptedPost.Source.API);
        JsonNode payload = post.payload();
        assertThat(payload.path("text").asText()).isEqualTo("Nightly export finished");
        assertThat(payload.path("username").asText()).isEqualTo("deploy-bot");
        assertThat(payload.path("icon_emoji").asText()).isEqualTo(":rocket:");
        assertThat(payload.path("thread_ts").asText()).isEqualTo("1700000000.000001");
        assertThat(payload.path("blocks").isArray()).as("form field blocks is parsed into JSON").isTrue();
        assertThat(payload.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("*done*");
        assertThat(payload.has("token")).isFalse();
    }

    @Test
    void answersUniqueIncreasingTimestamps() throws Exception {
        List<String> timestamps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            timestamps.add(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C2").text("n")).getTs());
        }
        assertThat(timestamps).doesNotHaveDuplicates();
        assertThat(timestamps.stream().map(BigDecimal::new).toList()).isSorted();
        assertThat(emu.posts("C2")).extracting(AcceptedPost::ts).containsExactlyElementsOf(timestamps);
    }

    @Test
    void acceptsJsonBodyWithBearerToken() throws Exception {
        HttpResponse<String> response = Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, """
                {"channel":"C1","text":"json","blocks":[{"type":"section","text":{"type":"plain_text","text":"hi"}}],
                 "unfurl_links":false}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("channel").asText()).isEqualTo("C1");
        assertThat(body.path("message").path("blocks").size()).isEqualTo(1);
        assertThat(emu.posts().getFirst().payload().path("unfurl_links").isBoolean()).isTrue();
    }

    @Test
    void acceptsFormBodyWithTokenFieldAndBlocksAsJsonString() throws Exception {
        HttpResponse<String> response = Clients.postForm(emu.apiUrl() + "chat.postMessage", null, Map.of(
                "token", TOKEN, "channel", "C3", "mrkdwn", "false",
                "blocks", "[{\"type\":\"divider\"},{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}}]"));

        assertThat(JSON.readTree(response.body()).path("ok").asBoolean()).isTrue();
        JsonNode payload = emu.posts("C3").getFirst().payload();
        assertThat(payload.path("blocks").size()).isEqualTo(2);
        assertThat(payload.path("mrkdwn").isBoolean()).isTrue();
        assertThat(payload.has("token")).isFalse();
    }

    @Test
    void answersInvalidAuthForAnotherToken() throws Exception {
        ChatPostMessageResponse response = slack.methods("xoxb-other")
                .chatPostMessage(r -> r.channel("C1").text("hi"));

        assertThat(response.isOk()).isFalse();
        assertThat(response.getError()).isEqualTo("invalid_auth");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void answersNotAuthedWithoutToken() throws Exception {
        HttpResponse<String> form = Clients.postForm(emu.apiUrl() + "chat.postMessage", null,
                Map.of("channel", "C1", "text", "hi"));
        HttpResponse<String> json = Clients.postJson(emu.apiUrl() + "chat.postMessage", null,
                "{\"channel\":\"C1\",\"text\":\"hi\",\"token\":\"" + TOKEN + "\"}");

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(error(form)).isEqualTo("not_authed");
        assertThat(error(json)).as("a JSON body's token field does not count").isEqualTo("not_authed");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void answersChannelNotFoundOutsideConfiguredChannels() throws Exception {
        assertThat(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C404").text("hi")).getError())
                .isEqualTo("channel_not_found");
        assertThat(error(Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, "{\"text\":\"no channel\"}")))
                .isEqualTo("channel_not_found");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void acceptsAnyChannelWhenNoneAreConfigured() throws Exception {
        try (SlackEmulator open = SlackEmulator.builder().token(TOKEN).build().start();
                Slack client = Clients.sdk(open)) {
            assertThat(client.methods(TOKEN).chatPostMessage(r -> r.channel("#anything").text("hi")).isOk())
                    .isTrue();
        }
    }

    @Test
    void answersIsArchivedForArchivedChannel() throws Exception {
        assertThat(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C_OLD").text("hi")).getError())
                .isEqualTo("is_archived");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void answersNoTextWithoutTextBlocksOrAttachments() throws Exception {
        assertThat(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1")).getError()).isEqualTo("no_text");
        assertThat(error(Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN,
                "{\"channel\":\"C1\",\"text\":\"\",\"blocks\":[]}"))).isEqualTo("no_text");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void answersInvalidJsonForMalformedJsonBody() throws Exception {
        HttpResponse<String> response = Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, "{\"channel\":");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(error(response)).isEqualTo("invalid_json");
        assertThat(error(Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, "[1,2]")))
                .isEqualTo("invalid_json");
    }

    @Test
    void answersUnknownMethodForOtherApiMethods() throws Exception {
        assertThat(error(Clients.postForm(emu.apiUrl() + "chat.postEphemeral", TOKEN, Map.of())))
                .isEqualTo("unknown_method");
    }

    @Test
    void answersAuthTestForConfiguredTokenOnly() throws Exception {
        AuthTestResponse ok = slack.methods(TOKEN).authTest(r -> r);
        AuthTestResponse wrong = slack.methods("xoxb-other").authTest(r -> r);

        assertThat(ok.isOk()).isTrue();
        assertThat(ok.getTeamId()).isNotBlank();
        assertThat(ok.getUserId()).isNotBlank();
        assertThat(ok.getBotId()).isNotBlank();
        assertThat(ok.getUrl()).startsWith("https://");
        assertThat(wrong.isOk()).isFalse();
        assertThat(wrong.getError()).isEqualTo("invalid_auth");
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("ok").asBoolean(true)).isFalse();
        return body.path("error").asText();
    }
}
