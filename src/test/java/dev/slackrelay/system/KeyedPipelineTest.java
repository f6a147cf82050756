package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Threads and updates by key, and e-mail mentions, end to end: publisher → ElasticMQ → event-source emulator →
 * relay → the Slack emulator over HTTP (chat.postMessage with metadata, conversations.history, chat.update,
 * users.lookupByEmail), driven by the real Slack SDK.
 */
class KeyedPipelineTest {

    private static final String TOKEN = "xoxb-keyed-test";
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private static LocalPipeline pipeline(SlackEmulator slack) {
        return LocalPipeline.builder().noEmulator().concurrency(2)
                .relay(r -> r.slackBotToken(TOKEN).slackApiUrl(URI.create(slack.apiUrl())).channelInterval(INTERVAL))
                .start();
    }

    private static SlackEmulator emulator() {
        return SlackEmulator.builder().token(TOKEN).ratePerSecond(10).burst(2).user("alice@example.com", "U0ALICE")
                .build().start();
    }

    private static void publish(LocalPipeline p, SlackMessage message) {
        assertThat(p.publisher().publishAll(List.of(message)))
                .allSatisfy(r -> assertThat(r).isInstanceOf(PublishResult.Sent.class));
    }

    private static void settle(LocalPipeline p, SlackEmulator slack, int messages) throws InterruptedException {
        assertThat(p.awaitSettled(Duration.ofSeconds(30),
                () -> slack.messages("C1").size() + slack.updates().size() >= messages, () -> { }))
                .as("settled").isTrue();
    }

    @Test
    void aJobsThreadAndStatusSurviveAColdCacheAndEveryUpdateEditsInPlace() throws Exception {
        try (SlackEmulator slack = emulator()) {
            try (LocalPipeline first = pipeline(slack)) {
                first.startRelay();
                publish(first, SlackMessage.builder("C1").title("Job 42").body("started").updateKey("job-42")
                        .mention("alice@example.com").build());
                publish(first, SlackMessage.builder("C1").body("step 1 of 3 done").threadKey("job-42").build());
                settle(first, slack, 2);
            }
            // another execution environment: an empty cache, so history tells it where the thread is
            try (LocalPipeline second = pipeline(slack)) {
                second.startRelay();
                publish(second, SlackMessage.builder("C1").body("step 2 of 3 done").threadKey("job-42").build());
                publish(second, SlackMessage.builder("C1").title("Job 42").body("finished").updateKey("job-42")
                        .mention("alice@example.com").build());
                settle(second, slack, 4);
                assertThat(second.deadLetters().drained()).isEmpty();
            }

            List<ChannelMessage> messages = slack.messages("C1");
            List<ChannelMessage> topLevel = messages.stream().filter(m -> !m.isReply()).toList();
            // the status message and the thread's first message are the two top-level ones
            assertThat(topLevel).hasSize(2);
            ChannelMessage status = topLevel.get(0);
            ChannelMessage thread = topLevel.get(1);
            assertThat(status.metadata()).hasValueSatisfying(m ->
                    assertThat(m.at("/event_payload/update_key").asText()).isEqualTo("job-42"));
            assertThat(status.edits()).hasSize(1);
            assertThat(status.message().toString()).contains("finished").doesNotContain("started")
                    .contains("<@U0ALICE>");
            assertThat(thread.text()).contains("step 1 of 3 done");
            assertThat(messages.stream().filter(ChannelMessage::isReply).toList()).singleElement()
                    .satisfies(reply -> {
                        assertThat(reply.threadTs()).isEqualTo(thread.ts());
                        assertThat(reply.text()).contains("step 2 of 3 done");
                    });
            // each environment read the channel's history once; each looked the address up once
            assertThat(slack.stats().method("conversations.history").calls()).isEqualTo(2);
            assertThat(slack.stats().method("users.lookupByEmail").calls()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownAddressIsNamedAsTextAndTheMessageDelivered() throws Exception {
        try (SlackEmulator slack = emulator(); LocalPipeline p = pipeline(slack)) {
            p.startRelay();
            publish(p, SlackMessage.builder("C1").body("deploy done").mention("bob@example.com").build());
            settle(p, slack, 1);

            assertThat(slack.messages("C1")).singleElement().satisfies(m ->
                    assertThat(m.message().toString()).contains("bob@example.com deploy done").doesNotContain("<@"));
            assertThat(p.deadLetters().drained()).isEmpty();
        }
    }

    @Test
    void webhooksCannotThreadByKeySoSuchAMessageIsDeadLetteredWithTheReason() throws Exception {
        try (LocalPipeline p = LocalPipeline.builder().emulator(s -> s.channels(Set.of("C1")).webhook("T1/B1/k", "C1"))
                .webhooks(s -> "{\"C1\":\"" + s.webhookUrl("T1/B1/k") + "\"}")
                .relay(r -> r.slackBotToken(null).channelInterval(INTERVAL)).start()) {
            p.startRelay();
            publish(p, SlackMessage.builder("C1").body("x").threadKey("job-1").build());
            publish(p, SlackMessage.builder("C1").body("plain").build());
            assertThat(p.awaitSettled(Duration.ofSeconds(30),
                    () -> p.slack().posts().size() == 1 && p.deadLetters().drained().size() == 1, () -> { })).isTrue();

            assertThat(p.deadLetters().all()).singleElement().satisfies(d ->
                    assertThat(d.reason()).startsWith("slack_error: thread_key and update_key need the Web API"));
        }
    }
}
