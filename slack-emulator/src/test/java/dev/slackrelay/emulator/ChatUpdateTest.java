package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.RequestConfigurator;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.composition.BlockCompositions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code chat.update} through the real SDK: edits in place, Slack's errors, its own rate tier. */
class ChatUpdateTest {

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock)
            .channels(Set.of("C1", "C2")).archived(Set.of("C_OLD")).ratePerSecond(0)
            .methodRate("chat.update", new MethodRate(3, 3)).webhook("T1/B1/x", "C1").build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void editsTheMessageInPlaceAndKeepsEveryEdit() throws Exception {
        String ts = post("C1", "Job 7 started");
        post("C1", "something else");

        ChatUpdateResponse first = slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("Job 7: 50 %"));
        ChatUpdateResponse second = slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("Job 7 finished"));

        assertThat(second.isOk()).isTrue();
        assertThat(second.getChannel()).isEqualTo("C1");
        assertThat(second.getTs()).isEqualTo(ts);
        assertThat(second.getText()).isEqualTo("Job 7 finished");
        assertThat(second.getMessage().getText()).isEqualTo("Job 7 finished");
        assertThat(second.getMessage().getEdited().getTs()).isNotBlank();
        assertThat(new BigDecimal(second.getMessage().getEdited().getTs()))
                .isGreaterThan(new BigDecimal(first.getMessage().getEdited().getTs()));

        List<Message> history = slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).getMessages();
        assertThat(history).hasSize(2);
        assertThat(history.getLast().getTs()).isEqualTo(ts);
        assertThat(history.getLast().getText()).as("edited in place, not posted anew").isEqualTo("Job 7 finished");
        assertThat(emu.posts("C1")).hasSize(2);
        assertThat(emu.posts("C1").getFirst().text()).as("the post record keeps what was posted")
                .isEqualTo("Job 7 started");
        assertThat(emu.updates()).extracting(AcceptedUpdate::text).containsExactly("Job 7: 50 %", "Job 7 finished");
        assertThat(emu.updates()).extracting(AcceptedUpdate::ts).containsOnly(ts);
        ChannelMessage edited = emu.messages("C1").getFirst();
        assertThat(edited.text()).isEqualTo("Job 7 finished");
        assertThat(edited.edits()).hasSize(2);
        assertThat(emu.stats().method("chat.update")).isEqualTo(new EmulatorStats.MethodStats(2, 2, 0, 0));
    }

    @Test
    void replacesBlocksDropsThemForTextAloneAndKeepsMetadataUnlessGiven() throws Exception {
        String ts = slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t")
                .blocks(List.of(Blocks.section(s -> s.text(BlockCompositions.markdownText("*old*")))))
                .metadata(Message.Metadata.builder().eventType("relay_update")
                        .eventPayload(Map.of("update_key", "u1")).build())).getTs();

        slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("new")
                .blocks(List.of(Blocks.section(s -> s.text(BlockCompositions.markdownText("*new*"))))));
        assertThat(emu.messages("C1").getFirst().message().path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo("*new*");
        assertThat(emu.messages("C1").getFirst().metadata()).as("kept when not given").isPresent();

        slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("plain").metadataAsString("{}"));
        ChannelMessage now = emu.messages("C1").getFirst();
        assertThat(now.message().has("blocks")).as("text without blocks removes the blocks").isFalse();
        assertThat(now.metadata()).as("an empty object removes the metadata").isEmpty();

        slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("tagged again")
                .metadata(Message.Metadata.builder().eventType("relay_update")
                        .eventPayload(Map.of("update_key", "u2")).build()));
        assertThat(emu.messages("C1").getFirst().metadata()).hasValueSatisfying(m ->
                assertThat(m.path("event_payload").path("update_key").asText()).isEqualTo("u2"));
    }

    @Test
    void answersSlacksErrors() throws Exception {
        String ts = post("C1", "mine");
        slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"hooked\"}");
        String hooked = emu.posts("C1").getLast().ts();

        assertThat(update(r -> r.channel("C1").ts("1500000000.000001").text("x"))).isEqualTo("message_not_found");
        assertThat(update(r -> r.channel("C2").ts(ts).text("x"))).as("another channel's ts")
                .isEqualTo("message_not_found");
        assertThat(update(r -> r.channel("C1").ts(hooked).text("x"))).isEqualTo("cant_update_message");
        clock.advance(Duration.ofMinutes(1));
        assertThat(update(r -> r.channel("C404").ts(ts).text("x"))).isEqualTo("channel_not_found");
        assertThat(update(r -> r.channel("C1").ts(ts))).isEqualTo("no_text");
        assertThat(update(r -> r.channel("C1").ts(ts).blocksAsString("{\"not\":\"an array\"}")))
                .isEqualTo("invalid_blocks");
        clock.advance(Duration.ofMinutes(1));
        assertThat(update(r -> r.channel("C_OLD").ts(ts).text("x"))).isEqualTo("is_inactive");
        assertThat(update(r -> r.channel("C1").ts(ts).text("x").metadataAsString("[1]")))
                .isEqualTo("invalid_metadata_format");
        assertThat(slack.methods("xoxb-other").chatUpdate(r -> r.channel("C1").ts(ts).text("x")).getError())
                .isEqualTo("invalid_auth");
        assertThat(emu.updates()).isEmpty();
        assertThat(emu.messages("C1").getFirst().text()).isEqualTo("mine");
    }

    @Test
    void limitsUpdatesToTheirTierWithRetryAfter() throws Exception {
        String ts = post("C1", "v0");
        for (int i = 1; i <= 3; i++) {
            int n = i;
            assertThat(slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("v" + n)).isOk()).isTrue();
        }

        SlackApiException limited = catchThrowableOfType(SlackApiException.class,
                () -> slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("v4")));

        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).as("3 per minute: 20 s a token").isEqualTo("20");
        assertThat(emu.messages("C1").getFirst().text()).isEqualTo("v3");
        clock.advance(Duration.ofSeconds(20));
        assertThat(slack.methods(TOKEN).chatUpdate(r -> r.channel("C1").ts(ts).text("v4")).isOk()).isTrue();
        assertThat(emu.stats().method("chat.update").rateLimited()).isEqualTo(1);
    }

    private String post(String channel, String text) throws Exception {
        return slack.methods(TOKEN).chatPostMessage(r -> r.channel(channel).text(text)).getTs();
    }

    private String update(RequestConfigurator<ChatUpdateRequest.ChatUpdateRequestBuilder> request) throws Exception {
        ChatUpdateResponse response = slack.methods(TOKEN).chatUpdate(request);
        assertThat(response.isOk()).isFalse();
        return response.getError();
    }
}
