package dev.slackrelay.relay.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.emulator.MethodRate;
import dev.slackrelay.emulator.SlackEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Slack SDK, configured as the relay configures it, against the Slack emulator over HTTP. */
class SlackTransportTest {

    private static final String TOKEN = "xoxb-transport-test";

    private SlackEmulator slack;
    private WebApiTransport api;

    @BeforeEach
    void start() {
        slack = SlackEmulator.builder().token(TOKEN).channels(Set.of("C1", "C2", "C3")).archived(Set.of("C3"))
                .ratePerSecond(1.0).burst(1).webhook("T1/B1/secret1", "C1").build().start();
        api = new WebApiTransport(SlackClients.create(URI.create(slack.apiUrl()), Duration.ofSeconds(2),
                RelayClock.system()), SecretSource.fixed(TOKEN), RelayClock.system());
    }

    @AfterEach
    void stop() {
        api.close();
        slack.close();
    }

    private static RenderedMessage message(String channel) {
        return BlockKitRenderer.render(SlackMessage.builder(channel).title("Deploy <done>").body("42 tasks").build());
    }

    @Test
    void postsTheRenderedMessageAndReturnsItsTsAndWhenTheRequestLeft() {
        // Slack takes its time: the moment the request left must come before that time, not after it
        slack.faults().latency(Duration.ofMillis(200));
        long before = System.nanoTime();
        SlackOutcome outcome = api.post(message("C1"));
        long after = System.nanoTime();

        assertThat(outcome).isInstanceOfSatisfying(SlackOutcome.Delivered.class, d -> {
            assertThat(d.ts()).isNotBlank();
            assertThat(d.sentNanos()).isBetween(before, after - Duration.ofMillis(200).toNanos());
        });
        AcceptedPost post = slack.posts("C1").get(0);
        assertThat(post.payload().get("username").asText()).isEqualTo("NotificationBot");
        assertThat(post.payload().get("icon_emoji").asText()).isEqualTo(":satellite:");
        assertThat(post.payload().toString()).contains("*Deploy &lt;done&gt;*").doesNotContain("<done>");
    }

    @Test
    void reportsRateLimitedWithSlacksRetryAfter() {
        api.post(message("C1"));

        SlackOutcome second = api.post(message("C1"));
        SlackOutcome otherChannel = api.post(message("C2"));

        assertThat(second).isInstanceOfSatisfying(SlackOutcome.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(otherChannel).isInstanceOf(SlackOutcome.Delivered.class);
    }

    @Test
    void uploadsFilesIntoAThreadWithTheSdksExternalUploadFlow() {
        String ts = ((SlackOutcome.Delivered) api.post(message("C1"))).ts();
        long before = System.nanoTime();

        SlackOutcome outcome = api.upload("C2", ts, List.of(
                new FileUpload("report.csv", "Report", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
                new FileUpload("data.bin", "data.bin", new byte[300_000])));

        assertThat(outcome).isInstanceOfSatisfying(SlackOutcome.Delivered.class,
                d -> assertThat(d.sentNanos()).isGreaterThan(before));
        assertThat(slack.files()).hasSize(2).allSatisfy(f -> {
            assertThat(f.channel()).isEqualTo("C2");
            assertThat(f.threadTs()).isEqualTo(ts);
        });
        assertThat(slack.files().get(0).title()).isEqualTo("Report");
        assertThat(new String(slack.files().get(0).content(), StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
        assertThat(slack.files().get(1).length()).isEqualTo(300_000);
        // one upload URL and one upload per file, one completion for all
        assertThat(slack.stats().method("files.getUploadURLExternal").calls()).isEqualTo(2);
        assertThat(slack.stats().method("files.completeUploadExternal").calls()).isEqualTo(1);
    }

    @Test
    void classifiesUploadFailuresLikePosts() {
        try (SlackEmulator strict = SlackEmulator.builder().token(TOKEN).channels(Set.of("C1", "C3"))
                .archived(Set.of("C3")).maxFileSize(1000)
                .methodRate("files.getUploadURLExternal", new MethodRate(1, 1)).build().start();
             WebApiTransport client = new WebApiTransport(SlackClients.create(URI.create(strict.apiUrl()),
                     Duration.ofSeconds(2), RelayClock.system()), SecretSource.fixed(TOKEN), RelayClock.system())) {
            assertThat(client.upload("C1", null, List.of(new FileUpload("big.bin", "big.bin", new byte[1001]))))
                    .isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                            p -> assertThat(p.error()).isEqualTo("file_upload_size_restricted"));
            // the method's tier is spent: Slack's 429 and Retry-After, from the first step of the flow
            assertThat(client.upload("C1", null, List.of(new FileUpload("a.txt", "a.txt", new byte[10]))))
                    .isInstanceOfSatisfying(SlackOutcome.RateLimited.class,
                            r -> assertThat(r.retryAfter()).isPositive());
            assertThat(strict.files()).isEmpty();
        }
        slack.faults().forceError("C2", "not_in_channel");
        assertThat(api.upload("C2", null, List.of(new FileUpload("a.txt", "a.txt", new byte[10]))))
                .isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                        p -> assertThat(p.error()).isEqualTo("not_in_channel"));
    }

    @Test
    void classifiesSlackErrorsFromRealAnswers() {
        assertThat(api.post(message("C404"))).isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                p -> assertThat(p.error()).isEqualTo("channel_not_found"));
        assertThat(api.post(message("C3"))).isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                p -> assertThat(p.error()).isEqualTo("is_archived"));
        WebApiTransport wrongToken = new WebApiTransport(SlackClients.create(URI.create(slack.apiUrl()),
                Duration.ofSeconds(2), RelayClock.system()), SecretSource.fixed("xoxb-wrong"), RelayClock.system());
        assertThat(wrongToken.post(message("C1"))).isInstanceOfSatisfying(SlackOutcome.ConfigurationError.class,
                c -> assertThat(c.error()).isEqualTo("invalid_auth"));
    }

    @Test
    void treatsAnHtml5xxAsTransient() {
        slack.faults().serverErrorRate(1.0);

        assertThat(api.post(message("C1"))).isInstanceOfSatisfying(SlackOutcome.Transient.class,
                t -> assertThat(t.error()).startsWith("http_5"));
    }

    @Test
    void neverResendsAPostWhoseConnectionDropped() {
        slack.faults().dropRate(1.0);

        SlackOutcome outcome = api.post(message("C1"));

        assertThat(outcome).isInstanceOfSatisfying(SlackOutcome.Transient.class,
                t -> assertThat(t.error()).isEqualTo("io_error"));
        assertThat(slack.stats().faultCount(EmulatorStats.FAULT_DROPPED)).isEqualTo(1);
    }

    @Test
    void givesUpAtTheClientTimeoutAsTransient() {
        slack.faults().slowAnswers(1.0, Duration.ofSeconds(4));

        SlackOutcome outcome = api.post(message("C1"));

        assertThat(outcome).isInstanceOf(SlackOutcome.Transient.class);
        assertThat(outcome.latency()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void postsRawBlocksAndAttachmentsAsGiven() {
        RenderedMessage raw = BlockKitRenderer.render(WireFormat.decode("""
                {"channel":"C1","text":"fallback","mrkdwn":true,"icon_url":"https://img.example/bot.png",\
                "blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*build* <https://ci.example|42>"}}],\
                "attachments":[{"color":"#36a64f","text":"all green"}],"unfurl_links":true}"""));

        assertThat(api.post(raw)).isInstanceOf(SlackOutcome.Delivered.class);

        JsonNode payload = slack.posts("C1").get(0).payload();
        assertThat(payload.get("blocks")).hasSize(1);
        assertThat(payload.at("/blocks/0/text/text").asText()).isEqualTo("*build* <https://ci.example|42>");
        assertThat(payload.at("/attachments/0/text").asText()).isEqualTo("all green");
        assertThat(payload.get("icon_url").asText()).isEqualTo("https://img.example/bot.png");
        assertThat(payload.has("icon_emoji")).isFalse();
        assertThat(payload.get("unfurl_links").asText()).isIn("true", "1"); // the SDK sends form booleans as 1
        assertThat(payload.get("text").asText()).isEqualTo("fallback");
    }

    @Test
    void postsThroughIncomingWebhooksAndClassifiesTheirPlainTextErrors() {
        String hooks = "{\"C1\":\"" + slack.webhookUrl("T1/B1/secret1") + "\",\"C2\":\""
                + slack.baseUrl() + "/services/T1/B9/revoked\"}";
        try (WebhookTransport webhooks = new WebhookTransport(SlackClients.create(null, Duration.ofSeconds(2),
                RelayClock.system()), SecretSource.fixed(hooks), RelayClock.system())) {
            assertThat(webhooks.post(message("C1"))).isInstanceOf(SlackOutcome.Delivered.class);
            assertThat(webhooks.post(message("C1"))).isInstanceOf(SlackOutcome.RateLimited.class);
            assertThat(webhooks.post(message("C2"))).isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                    p -> assertThat(p.error()).isEqualTo("no_service"));
            assertThat(webhooks.post(message("C9"))).isInstanceOfSatisfying(SlackOutcome.Permanent.class,
                    p -> assertThat(p.error()).isEqualTo("no_webhook_for_channel"));
        }
        assertThat(slack.posts("C1")).singleElement()
                .satisfies(p -> assertThat(p.source()).isEqualTo(AcceptedPost.Source.WEBHOOK));
    }
}
