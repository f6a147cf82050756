package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class FaultInjectionTest {

    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).ratePerSecond(0)
            .webhook("T1/B1/x", "C1").build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void answersServerErrorsWithLoadBalancerHtml() throws Exception {
        emu.faults().serverErrorRate(1.0);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SlackApiException error = catchThrowableOfType(SlackApiException.class, () -> post("C1"));
            assertThat(error).as("the SDK raises SlackApiException for 5xx").isNotNull();
            assertThat(error.getResponse().header("Content-Type")).startsWith("text/html");
            assertThat(error.getResponseBody()).contains("<html>").contains(Integer.toString(error.getResponse().code()));
            statuses.add(error.getResponse().code());
        }
        assertThat(statuses).isSubsetOf(500, 502, 503);
        assertThat(statuses.stream().distinct().count()).as("seeded draws spread over the statuses").isGreaterThan(1);
        assertThat(emu.posts()).isEmpty();
        assertThat(emu.stats().faultCount(EmulatorStats.FAULT_SERVER_ERROR)).isEqualTo(12);
        assertThat(emu.stats().accepted()).isZero();
    }

    @Test
    void answersServerErrorsToWebhooksToo() throws Exception {
        emu.faults().serverErrorRate(1.0);
        WebhookResponse response = slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"t\"}");

        assertThat(response.getCode()).isIn(500, 502, 503);
        assertThat(response.getBody()).contains("<html>");
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void addsLatencyBeforeAnswering() throws Exception {
        emu.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThat(post("C1").isOk()).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(emu.posts()).hasSize(1);
    }

    @Test
    void slowAnswerMakesTheSdkTimeOutAndPostsNothing() throws Exception {
        emu.faults().slowAnswers(1.0, Duration.ofSeconds(5));
        SlackConfig config = Clients.sdkConfig(emu);
        config.setHttpClientReadTimeoutMillis(200);
        try (Slack impatient = Slack.getInstance(config)) {
            Throwable timeout = catchThrowable(() -> impatient.methods(TOKEN)
                    .chatPostMessage(r -> r.channel("C1").text("t")));

            assertThat(timeout).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(emu.posts()).isEmpty();
        assertThat(emu.stats().faultCount(EmulatorStats.FAULT_SLOW)).isEqualTo(1);
    }

    @Test
    void slowAnswerMakesAJdkClientTimeOut() throws Exception {
        emu.faults().slowAnswers(1.0, Duration.ofSeconds(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create(emu.apiUrl() + "chat.postMessage"))
                .timeout(Duration.ofMillis(200))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("channel=C1&text=t"))
                .build();

        assertThat(catchThrowable(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void slowAnswerComesAsGatewayTimeoutToAPatientClient() throws Exception {
        emu.faults().slowAnswers(1.0, Duration.ofMillis(300));
        long start = System.nanoTime();

        SlackApiException error = catchThrowableOfType(SlackApiException.class, () -> post("C1"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(error.getResponse().code()).isEqualTo(504);
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void slowAnswerCanPostAlthoughTheClientTimedOut() throws Exception {
        emu.faults().slowAnswers(1.0, Duration.ofSeconds(5)).slowAnswersAccepted(true);
        SlackConfig config = Clients.sdkConfig(emu);
        config.setHttpClientReadTimeoutMillis(200);
        try (Slack impatient = Slack.getInstance(config)) {
            assertThat(catchThrowable(() -> impatient.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t"))))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        awaitPosts(1);
        assertThat(emu.posts()).extracting(AcceptedPost::text).containsExactly("t");
    }

    @Test
    void droppedConnectionIsAnIoExceptionInTheSdk() throws Exception {
        emu.faults().dropRate(1.0);

        Throwable dropped = catchThrowable(() -> post("C1"));

        assertThat(dropped).isInstanceOf(IOException.class);
        assertThat(emu.posts()).isEmpty();
        assertThat(emu.stats().faultCount(EmulatorStats.FAULT_DROPPED)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void droppedConnectionReachesTheEmulatorOnceWhenOkHttpRetriesAreOff() throws Exception {
        emu.faults().dropRate(1.0);
        try (Slack noRetries = Clients.sdkWithoutOkHttpRetries(emu)) {
            Throwable dropped = catchThrowable(() -> noRetries.methods(TOKEN)
                    .chatPostMessage(r -> r.channel("C1").text("t")));

            assertThat(dropped).isInstanceOf(IOException.class);
        }
        assertThat(emu.stats().faultCount(EmulatorStats.FAULT_DROPPED)).isEqualTo(1);
    }

    @Test
    void droppedConnectionIsAnIoExceptionForWebhooksAndJdkClients() throws Exception {
        emu.faults().dropRate(1.0);

        assertThat(catchThrowable(() -> slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"t\"}")))
                .isInstanceOf(IOException.class);
        assertThat(catchThrowable(() -> Clients.postForm(emu.apiUrl() + "chat.postMessage", TOKEN,
                Map.of("channel", "C1", "text", "t")))).isInstanceOf(IOException.class);
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void forcesAChannelErrorUntilCleared() throws Exception {
        emu.faults().forceError("C1", "channel_not_found");
        assertThat(post("C1").getError()).isEqualTo("channel_not_found");
        assertThat(post("C2").isOk()).as("other channels unaffected").isTrue();

        emu.faults().forceError("C1", "internal_error");
        assertThat(post("C1").getError()).isEqualTo("internal_error");
        WebhookResponse webhook = slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"t\"}");
        assertThat(webhook.getCode()).isEqualTo(500);
        assertThat(webhook.getBody()).isEqualTo("internal_error");

        emu.faults().forceError("C1", "is_archived");
        WebhookResponse archived = slack.send(emu.webhookUrl("T1/B1/x"), "{\"text\":\"t\"}");
        assertThat(archived.getCode()).isEqualTo(410);
        assertThat(archived.getBody()).isEqualTo("channel_is_archived");

        emu.faults().clearForcedError("C1");
        assertThat(post("C1").isOk()).isTrue();
        assertThat(emu.posts()).extracting(AcceptedPost::channel).containsExactly("C2", "C1");
        EmulatorStats stats = emu.stats();
        assertThat(stats.faultCount(EmulatorStats.FAULT_FORCED_ERROR)).isEqualTo(4);
        assertThat(stats.errorCount("internal_error")).isEqualTo(2);
    }

    @Test
    void sameSeedGivesSameFaults() throws Exception {
        emu.faults().serverErrorRate(0.5).seed(7);
        List<Integer> first = outcomes(20);
        emu.faults().seed(7);
        List<Integer> second = outcomes(20);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(200).containsAnyOf(500, 502, 503);
    }

    @Test
    void appliesFaultsGivenAtStartAndClearsThem() throws Exception {
        try (SlackEmulator faulty = SlackEmulator.builder().token(TOKEN)
                .faults(FaultOptions.none().withServerErrorRate(1.0)).build().start();
                Slack client = Clients.sdk(faulty)) {
            assertThat(catchThrowable(() -> client.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t"))))
                    .isInstanceOf(SlackApiException.class);

            faulty.faults().clear();

            assertThat(client.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t")).isOk()).isTrue();
            assertThat(faulty.faults().current()).isEqualTo(FaultOptions.none());
        }
    }

    private List<Integer> outcomes(int posts) {
        List<Integer> outcomes = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            try {
                outcomes.add(post("C" + i).isOk() ? 200 : -1);
            } catch (SlackApiException e) {
                outcomes.add(e.getResponse().code());
            } catch (IOException e) {
                outcomes.add(-2);
            }
        }
        return outcomes;
    }

    private void awaitPosts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (emu.posts().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private ChatPostMessageResponse post(String channel) throws IOException, SlackApiException {
        return slack.methods(TOKEN).chatPostMessage(r -> r.channel(channel).text("t"));
    }
}
