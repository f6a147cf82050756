package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class RecordAndStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock)
            .ratePerSecond(1.0).burst(2).webhook("T1/B1/x", "#alerts").build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void statsEndpointMirrorsTheStatsRecord() throws Exception {
        post("C1", "one");
        post("C1", "two");
        catchThrowable(() -> post("C1", "limited"));
        slack.methods("xoxb-wrong").chatPostMessage(r -> r.channel("C1").text("t"));
        emu.faults().forceError("C2", "channel_not_found");
        post("C2", "forced");
        emu.faults().clear().serverErrorRate(1.0);
        catchThrowable(() -> post("C3", "5xx"));
        emu.faults().clear();

        HttpResponse<String> response = Clients.get(emu.baseUrl() + "/stats");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode stats = JSON.readTree(response.body());
        assertThat(stats.path("accepted").asLong()).isEqualTo(2);
        assertThat(stats.path("rateLimited").asLong()).isEqualTo(1);
        assertThat(stats.path("spacingViolations").asLong()).isEqualTo(1);
        assertThat(stats.path("errors").path("invalid_auth").asLong()).isEqualTo(1);
        assertThat(stats.path("errors").path("channel_not_found").asLong()).isEqualTo(1);
        assertThat(stats.path("faults").path("forcedError").asLong()).isEqualTo(1);
        assertThat(stats.path("faults").path("serverError").asLong()).isEqualTo(1);
        assertThat(stats.path("channels").path("C1").path("accepted").asLong()).isEqualTo(2);
        assertThat(stats.path("channels").path("C1").path("rateLimited").asLong()).isEqualTo(1);
        assertThat(stats.path("channels").path("C1").path("spacingViolations").asLong()).isEqualTo(1);
        assertThat(JSON.treeToValue(stats, EmulatorStats.class)).isEqualTo(emu.stats());
    }

    @Test
    void postsEndpointListsAcceptedPostsPerChannel() throws Exception {
        post("C1", "first");
        clock.advance(Duration.ofMillis(1500));
        post("C2", "second");
        slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"hooked\",\"icon_emoji\":\":x:\"}");

        JsonNode all = JSON.readTree(Clients.get(emu.baseUrl() + "/posts").body());
        JsonNode alerts = JSON.readTree(Clients.get(emu.baseUrl() + "/posts?channel="
                + URLEncoder.encode("#alerts", StandardCharsets.UTF_8)).body());

        assertThat(all.size()).isEqualTo(3);
        assertThat(all.get(0).path("payload").path("text").asText()).isEqualTo("first");
        assertThat(all.get(0).path("ts").asText()).isEqualTo(emu.posts().get(0).ts());
        assertThat(all.get(1).path("arrivalMillis").asDouble()).isEqualTo(1500.0);
        assertThat(Instant.parse(all.get(1).path("arrival").asText())).isEqualTo(emu.posts().get(1).arrival());
        assertThat(alerts.size()).isEqualTo(1);
        assertThat(alerts.get(0).path("source").asText()).isEqualTo("WEBHOOK");
        assertThat(alerts.get(0).path("channel").asText()).isEqualTo("#alerts");
        assertThat(alerts.get(0).path("payload").path("icon_emoji").asText()).isEqualTo(":x:");
    }

    @Test
    void postsAreAnImmutableSnapshotWithCopiedPayloads() throws Exception {
        post("C1", "original");
        List<AcceptedPost> snapshot = emu.posts();
        post("C2", "later");

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(snapshot.getFirst())).isInstanceOf(UnsupportedOperationException.class);
        ((ObjectNode) snapshot.getFirst().payload()).put("text", "changed");
        assertThat(emu.posts().getFirst().text()).isEqualTo("original");
        assertThat(emu.posts("C2")).extracting(AcceptedPost::text).containsExactly("later");
    }

    @Test
    void sectionTextsListEverySectionBlocksTextInOrder() throws Exception {
        Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, """
                {"channel": "C1", "text": "2 notifications: Build #1 …", "blocks": [
                  {"type": "divider"},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "*Build #1*"}},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "not a section"}]},
                  {"type": "divider"},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "*Build #2*"}},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "rows &amp; files"}},
                  {"type": "divider"}]}""");
        post("C2", "no blocks");

        assertThat(emu.posts("C1")).singleElement().extracting(AcceptedPost::sectionTexts)
                .isEqualTo(List.of("*Build #1*", "*Build #2*", "rows &amp; files"));
        assertThat(emu.posts("C2").getFirst().sectionTexts()).isEmpty();
    }

    @Test
    void resetForgetsPostsCountersAndBuckets() throws Exception {
        post("C1", "a");
        post("C1", "b");
        String lastTs = emu.posts().getLast().ts();

        emu.reset();

        assertThat(emu.posts()).isEmpty();
        assertThat(emu.stats().accepted()).isZero();
        assertThat(emu.stats().channels()).isEmpty();
        assertThat(post("C1", "c").isOk()).as("bucket refilled").isTrue();
        assertThat(new BigDecimal(emu.posts().getFirst().ts())).isGreaterThan(new BigDecimal(lastTs));
    }

    @Test
    void statsEndpointCountsCallsPerMethod() throws Exception {
        post("C1", "one");
        post("C1", "two");
        catchThrowable(() -> post("C1", "limited"));
        slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1"));
        slack.methods(TOKEN).usersLookupByEmail(r -> r.email("nobody@example.com"));

        JsonNode methods = JSON.readTree(Clients.get(emu.baseUrl() + "/stats").body()).path("methods");

        assertThat(methods.path("chat.postMessage").path("calls").asLong()).isEqualTo(3);
        assertThat(methods.path("chat.postMessage").path("ok").asLong()).isEqualTo(2);
        assertThat(methods.path("chat.postMessage").path("rateLimited").asLong()).isEqualTo(1);
        assertThat(methods.path("conversations.history").path("ok").asLong()).isEqualTo(1);
        assertThat(methods.path("users.lookupByEmail").path("errors").asLong()).isEqualTo(1);
        assertThat(JSON.treeToValue(JSON.readTree(Clients.get(emu.baseUrl() + "/stats").body()), EmulatorStats.class)
                .methods()).isEqualTo(emu.stats().methods());
    }

    @Test
    void resetForgetsMessagesUpdatesFilesAndMethodCounters() throws Exception {
        String ts = post("C1", "a").getTs();
        slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("b"));
        slack.methods(TOKEN).filesUploadV2(r -> r.filename("f.txt").content("x"));

        emu.reset();

        assertThat(emu.messages("C1")).isEmpty();
        assertThat(emu.updates()).isEmpty();
        assertThat(emu.files()).isEmpty();
        assertThat(emu.stats().methods()).isEmpty();
        assertThat(slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("c")).getError())
                .isEqualTo("message_not_found");
    }

    @Test
    void answersNotFoundForUnknownPaths() throws Exception {
        assertThat(Clients.get(emu.baseUrl() + "/nope").statusCode()).isEqualTo(404);
        assertThat(Clients.get(emu.baseUrl() + "/statsx").statusCode()).isEqualTo(404);
    }

    private ChatPostMessageResponse post(String channel, String text) throws Exception {
        return slack.methods(TOKEN).chatPostMessage(r -> r.channel(channel).text(text));
    }
}
