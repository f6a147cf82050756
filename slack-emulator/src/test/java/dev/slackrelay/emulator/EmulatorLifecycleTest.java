package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class EmulatorLifecycleTest {

    @Test
    void bindsLoopbackOnAnEphemeralPortByDefault() {
        try (SlackEmulator emu = SlackEmulator.builder().build().start()) {
            assertThat(emu.port()).isPositive();
            assertThat(emu.apiUrl()).isEqualTo("http://127.0.0.1:" + emu.port() + "/api/");
        }
    }

    @Test
    void bindsTheGivenPort() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        try (SlackEmulator emu = SlackEmulator.builder().port(free).build().start()) {
            assertThat(emu.port()).isEqualTo(free);
        }
    }

    @Test
    void failsToStartOnAPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SlackEmulator emu = SlackEmulator.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(emu::start).isInstanceOf(UncheckedIOException.class);
            emu.close();
        }
    }

    @Test
    void closesIdempotentlyAndCannotRestart() {
        SlackEmulator emu = SlackEmulator.builder().build().start();
        emu.close();
        emu.close();
        assertThatThrownBy(emu::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SlackEmulator.builder().build().port()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closesPromptlyWhileAnswersAreDelayed() throws Exception {
        SlackEmulator emu = SlackEmulator.builder().token(TOKEN).build().start();
        emu.faults().slowAnswers(1.0, Duration.ofMinutes(5));
        Thread client = Thread.ofVirtual().start(() -> {
            try (Slack slack = Clients.sdk(emu)) {
                slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t"));
            } catch (Exception expected) {
                // the emulator goes away under it
            }
        });
        Thread.sleep(200);
        emu.close();
        client.join(Duration.ofMinutes(1));
        assertThat(client.isAlive()).as("client released by close").isFalse();
    }

    @Test
    void startsFromAnOptionsRecord() throws Exception {
        EmulatorOptions options = new EmulatorOptions(0, TOKEN, Set.of("C1"), Set.of(), 2.0, 1, 0, 0, 12_000,
                Map.of("https://hooks.slack.com/services/T1/B1/x", "C1"), Duration.ZERO, FaultOptions.none(),
                AnswerLatency.none());
        try (SlackEmulator emu = SlackEmulator.create(options).start(); Slack slack = Clients.sdk(emu)) {
            assertThat(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("t")).isOk()).isTrue();
            assertThat(emu.webhookUrl("T1/B1/x")).endsWith("/services/T1/B1/x");
            assertThat(emu.options().channelInterval()).isEqualTo(Duration.ofMillis(500));
        }
        assertThat(SlackEmulator.builder().options(options).toOptions()).isEqualTo(options);
    }

    @Test
    void normalisesWebhookKeysFromPathsAndUrls() {
        assertThat(EmulatorOptions.webhookKey("T1/B1/x")).isEqualTo("T1/B1/x");
        assertThat(EmulatorOptions.webhookKey("/services/T1/B1/x/")).isEqualTo("T1/B1/x");
        assertThat(EmulatorOptions.webhookKey("https://hooks.slack.com/services/T1/B1/x")).isEqualTo("T1/B1/x");
    }

    @Test
    void rejectsNonsensicalOptions() {
        assertThatThrownBy(() -> SlackEmulator.builder().burst(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlackEmulator.builder().ratePerSecond(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlackEmulator.builder().ratePerSecond(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlackEmulator.builder().token(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultOptions.none().withServerErrorRate(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultOptions.none().withSlowAnswers(0.5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        SlackEmulator emu = SlackEmulator.builder().build();
        assertThatThrownBy(() -> emu.faults().dropRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(emu.faults().current().dropRate()).isZero();
    }
}
