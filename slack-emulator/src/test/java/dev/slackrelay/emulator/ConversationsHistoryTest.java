package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.RequestConfigurator;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.conversations.ConversationsHistoryRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.model.Message;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Threads, message metadata and {@code conversations.history}, through the real SDK. */
class ConversationsHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock)
            .channels(Set.of("C1", "C2")).archived(Set.of("C_OLD")).ratePerSecond(0)
            .methodRate("conversations.history", new MethodRate(2, 2)).webhook("T1/B1/x", "C1").build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void keepsMetadataThreadsAndBroadcastsAndReadsThemBackThroughHistory() throws Exception {
        String parent = post(r -> r.channel("C1").text("Job 42 started").metadata(threadKey("job-42"))).getTs();
        String reply = post(r -> r.channel("C1").text("42 % done").threadTs(parent)).getTs();
        String broadcast = post(r -> r.channel("C1").text("Job 42 finished").threadTs(parent).replyBroadcast(true))
                .getTs();
        String other = post(r -> r.channel("C1").text("unrelated")).getTs();

        ConversationsHistoryResponse history = slack.methods(TOKEN).conversationsHistory(r -> r
                .channel("C1").includeAllMetadata(true));

        assertThat(history.isOk()).isTrue();
        assertThat(history.getMessages()).extracting(Message::getTs)
                .as("newest first; a reply only when broadcast").containsExactly(other, broadcast, parent);
        Message top = history.getMessages().get(2);
        assertThat(top.getMetadata().getEventType()).isEqualTo("relay_thread");
        assertThat(top.getMetadata().getEventPayload()).containsEntry("thread_key", "job-42");
        assertThat(top.getReplyCount()).isEqualTo(2);
        assertThat(top.getLatestReply()).isEqualTo(broadcast);
        assertThat(top.getThreadTs()).isEqualTo(parent);
        Message shown = history.getMessages().get(1);
        assertThat(shown.getThreadTs()).isEqualTo(parent);
        assertThat(shown.isThreadBroadcast()).isTrue();
        assertThat(shown.getSubtype()).isEqualTo("thread_broadcast");
        assertThat(history.isHasMore()).isFalse();

        List<ChannelMessage> messages = emu.messages("C1");
        assertThat(messages).extracting(ChannelMessage::ts).containsExactly(parent, reply, broadcast, other);
        assertThat(messages.get(1).isReply()).isTrue();
        assertThat(messages.get(1).threadTs()).isEqualTo(parent);
        assertThat(messages.get(2).broadcast()).isTrue();
        assertThat(messages.get(0).replyCount()).isEqualTo(2);
        assertThat(messages.get(0).metadata()).hasValueSatisfying(m ->
                assertThat(m.path("event_payload").path("thread_key").asText()).isEqualTo("job-42"));
        assertThat(emu.posts("C1").get(0).payload().path("metadata").path("event_type").asText())
                .isEqualTo("relay_thread");
        assertThat(emu.posts("C1").get(2).payload().path("reply_broadcast").asBoolean()).isTrue();
    }

    @Test
    void answersPostsWithTheirMetadata() throws Exception {
        ChatPostMessageResponse posted = post(r -> r.channel("C1").text("t").metadata(threadKey("k")));

        assertThat(posted.getMessage().getMetadata().getEventPayload()).containsEntry("thread_key", "k");
    }

    @Test
    void includesMetadataOnlyWhenAskedFor() throws Exception {
        post(r -> r.channel("C1").text("tagged").metadata(threadKey("k")));

        Message without = slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).getMessages().getFirst();
        Message with = slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1").includeAllMetadata(true))
                .getMessages().getFirst();

        assertThat(without.getMetadata()).isNull();
        assertThat(with.getMetadata().getEventPayload()).containsEntry("thread_key", "k");
    }

    @Test
    void keepsMetadataSentAsJsonInAJsonBody() throws Exception {
        Clients.postJson(emu.apiUrl() + "chat.postMessage", TOKEN, """
                {"channel":"C2","text":"json","metadata":{"event_type":"relay_update",
                 "event_payload":{"update_key":"status-7"}}}""");

        JsonNode body = JSON.readTree(Clients.postForm(emu.apiUrl() + "conversations.history", TOKEN,
                Map.of("channel", "C2", "include_all_metadata", "true")).body());

        assertThat(body.path("messages").get(0).path("metadata").path("event_payload").path("update_key").asText())
                .isEqualTo("status-7");
    }

    @Test
    void pagesNewestFirstWithCursors() throws Exception {
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            posted.add(post(r -> r.channel("C2").text("m" + n)).getTs());
        }
        List<String> read = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            clock.advance(Duration.ofMinutes(1));
            ConversationsHistoryResponse page = slack.methods(TOKEN).conversationsHistory(r -> r
                    .channel("C2").limit(2).cursor(from));
            assertThat(page.isOk()).isTrue();
            page.getMessages().forEach(m -> read.add(m.getTs()));
            hasMore.add(page.isHasMore());
            cursor = page.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());

        assertThat(read).containsExactlyElementsOf(posted.reversed());
        assertThat(hasMore).containsExactly(true, true, false);
    }

    @Test
    void readsBetweenOldestAndLatestExclusiveUnlessInclusive() throws Exception {
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ts.add(post(r -> r.channel("C1").text("x")).getTs());
        }

        List<String> exclusive = historyTs(r -> r.channel("C1").oldest(ts.get(0)).latest(ts.get(3)));
        clock.advance(Duration.ofMinutes(1));
        List<String> inclusive = historyTs(r -> r.channel("C1").oldest(ts.get(0)).latest(ts.get(3)).inclusive(true));

        assertThat(exclusive).containsExactly(ts.get(2), ts.get(1));
        assertThat(inclusive).containsExactly(ts.get(3), ts.get(2), ts.get(1), ts.get(0));
    }

    @Test
    void acceptsAReplyToAThreadThatDoesNotExistAndKeepsItOutOfHistory() throws Exception {
        ChatPostMessageResponse orphan = post(r -> r.channel("C1").text("orphan").threadTs("1500000000.000100"));

        assertThat(orphan.isOk()).as("Slack accepts an unknown thread_ts").isTrue();
        assertThat(historyTs(r -> r.channel("C1"))).isEmpty();
        assertThat(emu.messages("C1")).singleElement().satisfies(m -> assertThat(m.isReply()).isTrue());
    }

    @Test
    void readsAThreadTsWithFewerDecimalsAsTheSameTime() throws Exception {
        String parent = post(r -> r.channel("C1").text("parent")).getTs();
        assertThat(parent).as("the manual clock's first second").endsWith(".000000");

        post(r -> r.channel("C1").text("reply").threadTs(parent.substring(0, parent.indexOf('.')) + ".0"));

        assertThat(emu.messages("C1").getFirst().replyCount()).isEqualTo(1);
    }

    @Test
    void refusesAMalformedThreadTsAndMalformedMetadata() throws Exception {
        assertThat(post(r -> r.channel("C1").text("t").threadTs("0")).getError()).isEqualTo("invalid_thread_ts");
        assertThat(post(r -> r.channel("C1").text("t").metadataAsString("{not json")).getError())
                .isEqualTo("invalid_metadata_format");
        assertThat(post(r -> r.channel("C1").text("t").metadataAsString("{\"event_payload\":{}}")).getError())
                .isEqualTo("invalid_metadata_schema");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void readsAnArchivedChannelAndCountsWebhookPostsAsBotMessages() throws Exception {
        slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"hooked\"}");

        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C_OLD")).isOk()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        Message hooked = slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).getMessages().getFirst();
        assertThat(hooked.getText()).isEqualTo("hooked");
        assertThat(hooked.getSubtype()).isEqualTo("bot_message");
    }

    @Test
    void answersSlacksErrors() throws Exception {
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C404")).getError())
                .isEqualTo("channel_not_found");
        assertThat(slack.methods("xoxb-other").conversationsHistory(r -> r.channel("C1")).getError())
                .isEqualTo("invalid_auth");
        clock.advance(Duration.ofMinutes(1));
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1").cursor("bm9wZQ==")).getError())
                .isEqualTo("invalid_cursor");
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1").oldest("yesterday")).getError())
                .isEqualTo("invalid_ts_oldest");
        clock.advance(Duration.ofMinutes(1));
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1").latest("-1")).getError())
                .isEqualTo("invalid_ts_latest");
        emu.faults().forceError("C2", "not_in_channel");
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C2")).getError())
                .isEqualTo("not_in_channel");
        assertThat(emu.stats().errorCount("not_in_channel")).isEqualTo(1);
    }

    @Test
    void limitsHistoryToItsTierWithRetryAfterCountedWhenCallsArrive() throws Exception {
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C404")).getError())
                .as("an error answer takes a token too").isEqualTo("channel_not_found");
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).isOk()).isTrue();

        SlackApiException limited = catchThrowableOfType(SlackApiException.class,
                () -> slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")));

        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).as("2 per minute: 30 s a token").isEqualTo("30");
        assertThat(post(r -> r.channel("C1").text("posts have their own limits")).isOk()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).isOk()).isTrue();
        EmulatorStats.MethodStats stats = emu.stats().method("conversations.history");
        assertThat(stats).isEqualTo(new EmulatorStats.MethodStats(4, 2, 1, 1));
        assertThat(emu.stats().method("chat.postMessage")).isEqualTo(new EmulatorStats.MethodStats(1, 1, 0, 0));
        assertThat(emu.stats().rateLimited()).as("the post counters stay the posts'").isZero();
    }

    @Test
    void listsTheChannelsMessagesAtTheMessagesEndpoint() throws Exception {
        String parent = post(r -> r.channel("C1").text("p").metadata(threadKey("k"))).getTs();
        post(r -> r.channel("C1").text("r").threadTs(parent));

        JsonNode messages = JSON.readTree(Clients.get(emu.baseUrl() + "/messages?channel=C1").body());

        assertThat(messages.size()).isEqualTo(2);
        assertThat(messages.get(0).path("message").path("metadata").path("event_type").asText())
                .isEqualTo("relay_thread");
        assertThat(messages.get(0).path("message").path("reply_count").asInt()).isEqualTo(1);
        assertThat(messages.get(1).path("threadTs").asText()).isEqualTo(parent);
        assertThat(new BigDecimal(messages.get(1).path("ts").asText())).isGreaterThan(new BigDecimal(parent));
    }

    private static Message.Metadata threadKey(String key) {
        return Message.Metadata.builder().eventType("relay_thread").eventPayload(Map.of("thread_key", key)).build();
    }

    private ChatPostMessageResponse post(
            RequestConfigurator<ChatPostMessageRequest.ChatPostMessageRequestBuilder> request) throws Exception {
        return slack.methods(TOKEN).chatPostMessage(request);
    }

    private List<String> historyTs(
            RequestConfigurator<ConversationsHistoryRequest.ConversationsHistoryRequestBuilder> request) throws Exception {
        ConversationsHistoryResponse response = slack.methods(TOKEN).conversationsHistory(request);
        assertThat(response.isOk()).as(response.getError()).isTrue();
        return response.getMessages().stream().map(Message::getTs).toList();
    }
}
