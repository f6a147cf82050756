package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.webhook.WebhookResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class WebhookTest {

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock).channels(Set.of("C1", "C2"))
            .archived(Set.of("C_OLD")).ratePerSecond(1.0)
            .webhook("T1/B1/secret1", "C1")
            .webhook("/services/T1/B2/secret2", "C2")
            .webhook("T1/B3/secret3", "C_OLD")
            .webhook("T1/B4/secret4", "C_GONE")
            .build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void acceptsPayloadAndAnswersPlainOk() throws Exception {
        WebhookResponse response = slack.send(emu.webhookUrl("T1/B1/secret1"),
                "{\"text\":\"deploy done\",\"blocks\":[{\"type\":\"divider\"}]}");

        assertThat(response.getCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("ok");
        AcceptedPost post = emu.posts().getFirst();
        assertThat(post.channel()).isEqualTo("C1");
        assertThat(post.source()).isEqualTo(AcceptedPost.Source.WEBHOOK);
        assertThat(post.text()).isEqualTo("deploy done");
        assertThat(post.ts()).matches("\\d{10}\\.\\d{6}");
    }

    @Test
    void acceptsFormEncodedPayloadField() throws Exception {
        HttpResponse<String> response = Clients.postForm(emu.webhookUrl("T1/B2/secret2"), null,
                Map.of("payload", "{\"text\":\"as form\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emu.posts("C2")).extracting(AcceptedPost::text).containsExactly("as form");
    }

    @Test
    void answersNoServiceForUnknownWebhook() throws Exception {
        WebhookResponse response = slack.send(emu.baseUrl() + "/services/T1/B9/nope", "{\"text\":\"x\"}");

        assertThat(response.getCode()).isEqualTo(404);
        assertThat(response.getBody()).isEqualTo("no_service");
        assertThatThrownBy(() -> emu.webhookUrl("T1/B9/nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersSlacksPlainTextErrorsWithTheirStatuses() throws Exception {
        String hook = emu.webhookUrl("T1/B1/secret1");
        assertWebhookError(slack.send(hook, "{\"text\":"), 400, "invalid_payload");
        assertWebhookError(slack.send(hook, "[\"text\"]"), 400, "invalid_payload");
        assertWebhookError(slack.send(hook, "{\"username\":\"bot\"}"), 400, "no_text");
        assertWebhookError(slack.send(hook, "{\"text\":\"t\",\"blocks\":[{\"text\":\"no type\"}]}"), 400,
                "invalid_blocks");
        assertWebhookError(slack.send(emu.webhookUrl("T1/B3/secret3"), "{\"text\":\"t\"}"), 410,
                "channel_is_archived");
        assertWebhookError(slack.send(emu.webhookUrl("T1/B4/secret4"), "{\"text\":\"t\"}"), 404,
                "channel_not_found");
        emu.faults().forceError("C2", "action_prohibited");
        assertWebhookError(slack.send(emu.webhookUrl("T1/B2/secret2"), "{\"text\":\"t\"}"), 403,
                "action_prohibited");

        assertThat(emu.posts()).isEmpty();
        assertThat(emu.stats().errorCount("invalid_payload")).isEqualTo(2);
        assertThat(emu.stats().errorCount("channel_is_archived")).isEqualTo(1);
    }

    @Test
    void answers429RateLimitedPerWebhook() throws Exception {
        assertThat(slack.send(emu.webhookUrl("T1/B1/secret1"), "{\"text\":\"1\"}").getCode()).isEqualTo(200);

        WebhookResponse limited = slack.send(emu.webhookUrl("T1/B1/secret1"), "{\"text\":\"2\"}");
        WebhookResponse otherHook = slack.send(emu.webhookUrl("T1/B2/secret2"), "{\"text\":\"3\"}");

        assertThat(limited.getCode()).isEqualTo(429);
        assertThat(limited.getBody()).isEqualTo("rate_limited");
        assertThat(limited.getHeaders().get("retry-after")).containsExactly("1");
        assertThat(otherHook.getCode()).isEqualTo(200);
        assertThat(emu.stats().rateLimited()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(slack.send(emu.webhookUrl("T1/B1/secret1"), "{\"text\":\"4\"}").getBody()).isEqualTo("ok");
    }

    private static void assertWebhookError(WebhookResponse response, int status, String body) {
        assertThat(response.getCode()).as(body).isEqualTo(status);
        assertThat(response.getBody()).isEqualTo(body);
    }
}
