package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.webhook.WebhookResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Slack's processing time: a post is decided and counted when it arrives, its answer comes later. */
// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class AnswerLatencyTest {

    private static final Duration MEAN = Duration.ofMillis(400);
    private static final Duration JITTER = Duration.ofMillis(100);
    private static final Duration AT_LEAST = MEAN.minus(JITTER);

    @Test
    void answersAPostNoSoonerThanMeanMinusJitterAfterItWasSent() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.answerLatency(MEAN, JITTER)); Slack slack = Clients.sdk(emu)) {
            for (String channel : List.of("C1", "C2", "C3")) {
                long sent = System.nanoTime();
                assertThat(post(slack, channel).isOk()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(AT_LEAST);
            }
        }
    }

    @Test
    void recordsThePostAtItsArrivalBeforeTheAnswerIsSent() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.answerLatency(MEAN, JITTER)); Slack slack = Clients.sdk(emu)) {
            Instant sent = Instant.now();
            post(slack, "C1");
            Instant answered = Instant.now();

            AcceptedPost post = emu.posts("C1").getFirst();
            assertThat(post.arrival()).isAfterOrEqualTo(sent.minusMillis(1))
                    .isBeforeOrEqualTo(answered.minus(AT_LEAST).plusMillis(1));
        }
    }

    @Test
    void countsAPostAgainstTheRateLimitWhenItArrivesNotWhenItIsAnswered() throws Exception {
        // 0.5 post/s leaves 1.4 s between the second post's send and the first's token coming back.
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(0.5).answerLatency(Duration.ofMillis(500),
                Duration.ZERO)); Slack slack = Clients.sdk(emu)) {
            CompletableFuture<ChatPostMessageResponse> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(slack, "C1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(600);
            long sent = System.nanoTime();

            SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> post(slack, "C1"));

            assertThat(limited).as("429 expected").isNotNull();
            assertThat(limited.getResponse().code()).isEqualTo(429);
            assertThat(limited.getResponse().header("Retry-After")).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("a 429 takes Slack's time too")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(first.get().isOk()).isTrue();
            assertThat(emu.posts("C1")).hasSize(1);
            assertThat(emu.stats().rateLimited()).isEqualTo(1);
        }
    }

    @Test
    void delaysErrorAnswersAndWebhookAnswersToo() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.answerLatency(MEAN, JITTER).archived(Set.of("C9"))
                .webhook("T1/B1/x", "C1")); Slack slack = Clients.sdk(emu)) {
            long sent = System.nanoTime();
            assertThat(post(slack, "C9").getError()).isEqualTo("is_archived");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(AT_LEAST);

            sent = System.nanoTime();
            HttpResponse<String> form = Clients.postForm(emu.apiUrl() + "chat.postMessage", TOKEN,
                    Map.of("channel", "C2", "text", "form"));
            assertThat(form.body()).contains("\"ok\":true");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(AT_LEAST);

            sent = System.nanoTime();
            WebhookResponse hook = slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"t\"}");
            assertThat(hook.getCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(AT_LEAST);
        }
    }

    @Test
    void servesOtherChannelsWhileAnAnswerWaits() throws Exception {
        int channels = 6;
        try (SlackEmulator emu = emulator(b -> b.answerLatency(Duration.ofMillis(1_500), Duration.ZERO));
                Slack slack = Clients.sdk(emu);
                ExecutorService clients = Executors.newFixedThreadPool(channels)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Instant>> answers = new ArrayList<>();
            for (int i = 1; i <= channels; i++) {
                String channel = "C" + i;
                answers.add(clients.submit(() -> {
                    go.await();
                    assertThat(post(slack, channel).isOk()).isTrue();
                    return Instant.now();
                }));
            }
            go.countDown();
            List<Instant> answered = new ArrayList<>();
            for (Future<Instant> answer : answers) {
                answered.add(answer.get());
            }

            Instant firstAnswer = answered.stream().min(Instant::compareTo).orElseThrow();
            assertThat(emu.posts()).hasSize(channels).allSatisfy(post ->
                    assertThat(post.arrival()).as("every post arrived while the first answer still waited")
                            .isBefore(firstAnswer));
        }
    }

    @Test
    void answersAtOnceWithoutLatency() {
        assertThat(EmulatorOptions.defaults().answerLatency().isZero()).isTrue();
        assertThat(AnswerLatency.none().delay(0.99)).isZero();
    }

    @Test
    void drawsUniformlyWithinMeanPlusMinusJitterClampedAtZero() {
        AnswerLatency latency = AnswerLatency.of(Duration.ofMillis(250), Duration.ofMillis(100));
        assertThat(latency.delay(0)).isEqualTo(Duration.ofMillis(150));
        assertThat(latency.delay(0.5)).isEqualTo(Duration.ofMillis(250));
        assertThat(latency.delay(0.75)).isEqualTo(Duration.ofMillis(300));
        assertThat(latency.label()).isEqualTo("250 ± 100 ms");
        assertThat(AnswerLatency.of(Duration.ofMillis(50), Duration.ofMillis(100)).delay(0)).isZero();
        assertThatThrownBy(() -> AnswerLatency.of(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SlackEmulator.builder().answerLatency(Duration.ofMillis(250), Duration.ofMillis(100)).toOptions()
                .answerLatency()).isEqualTo(latency);
    }

    private static SlackEmulator emulator(Consumer<SlackEmulator.Builder> settings) {
        SlackEmulator.Builder builder = SlackEmulator.builder().token(TOKEN).ratePerSecond(0);
        settings.accept(builder);
        return builder.build().start();
    }

    private static ChatPostMessageResponse post(Slack slack, String channel) throws Exception {
        return slack.methods(TOKEN).chatPostMessage(r -> r.channel(channel).text("hello " + channel));
    }
}
