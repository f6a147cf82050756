package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Rate limits on a manual clock: time moves only where a test says so. */
// Slack.close() is declared to throw Exception; -Xlint:try objects to that in try-with-resources.
@SuppressWarnings("try")
class RateLimitTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void answers429WithRetryAfterWhenBucketEmpty() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(1.0).burst(1)); Slack slack = Clients.sdk(emu)) {
            assertThat(post(slack, "C1").isOk()).isTrue();

            SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> post(slack, "C1"));

            assertThat(limited.getResponse().code()).isEqualTo(429);
            assertThat(limited.getResponse().header("Retry-After")).isEqualTo("1");
            assertThat(limited.getResponseBody()).contains("\"ratelimited\"");
            assertThat(limited.getError().getError()).isEqualTo("ratelimited");
            assertThat(post(slack, "C2").isOk()).as("another channel has its own bucket").isTrue();
            assertThat(emu.posts()).extracting(AcceptedPost::channel).containsExactly("C1", "C2");
            assertThat(emu.stats().rateLimited()).isEqualTo(1);
            assertThat(emu.stats().channel("C1").rateLimited()).isEqualTo(1);
        }
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(0.4)); Slack slack = Clients.sdk(emu)) {
            post(slack, "C1");
            assertThat(retryAfter(slack, "C1")).as("2.5 s to the next token").isEqualTo("3");
            clock.advance(Duration.ofMillis(2_000));
            assertThat(retryAfter(slack, "C1")).as("0.5 s left").isEqualTo("1");
            clock.advance(Duration.ofMillis(499));
            assertThat(retryAfter(slack, "C1")).as("never 0").isEqualTo("1");
            clock.advance(Duration.ofMillis(1));
            assertThat(post(slack, "C1").isOk()).isTrue();
        }
    }

    @Test
    void burstOfThreeAllowsThreeBackToBackThen429() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(1.0).burst(3)); Slack slack = Clients.sdk(emu)) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(slack, "C1").isOk()).isTrue();
            }
            assertThat(retryAfter(slack, "C1")).isEqualTo("1");
            assertThat(emu.posts("C1")).hasSize(3);
            clock.advance(Duration.ofSeconds(1));
            assertThat(post(slack, "C1").isOk()).as("one token refilled").isTrue();
            assertThat(retryAfter(slack, "C1")).isEqualTo("1");
        }
    }

    @Test
    void rateLimitedPostsTakeNoToken() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(10)); Slack slack = Clients.sdk(emu)) {
            post(slack, "C1");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofMillis(10));
                assertThat(retryAfter(slack, "C1")).isEqualTo("1");
            }
            clock.advance(Duration.ofMillis(50));
            // had each 429 taken a token, the bucket would be 500 ms in debt now
            assertThat(post(slack, "C1").isOk()).isTrue();
            assertThat(emu.stats().rateLimited()).isEqualTo(5);
        }
    }

    @Test
    void rejectedPostsTakeNoToken() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(1)); Slack slack = Clients.sdk(emu)) {
            assertThat(slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1")).getError()).isEqualTo("no_text");
            assertThat(post(slack, "C1").isOk()).isTrue();
        }
    }

    @Test
    void givesOneChannelItsOwnLowerRateWithBurstOneAndRetryAfterUpToItsInterval() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(5).burst(3)); Slack slack = Clients.sdk(emu)) {
            emu.faults().channelRate("C1", 0.2);
            assertThat(post(slack, "C1").isOk()).isTrue();

            assertThat(retryAfter(slack, "C1")).as("no burst: 5 s to C1's next token").isEqualTo("5");
            assertThat(post(slack, "C2").isOk()).as("C2 keeps the emulator's rate and burst").isTrue();
            assertThat(post(slack, "C2").isOk()).isTrue();
            clock.advance(Duration.ofMillis(4_200));
            assertThat(retryAfter(slack, "C1")).as("0.8 s left").isEqualTo("1");
            clock.advance(Duration.ofMillis(800));
            assertThat(post(slack, "C1").isOk()).as("exactly Retry-After later").isTrue();

            emu.faults().clearChannelRate("C1");
            clock.advance(Duration.ofSeconds(5));
            assertThat(post(slack, "C1").isOk()).isTrue();
            assertThat(post(slack, "C1").isOk()).as("the emulator's burst again").isTrue();
            assertThat(emu.stats().channel("C1").rateLimited()).isEqualTo(2);
            assertThat(emu.stats().channel("C2").rateLimited()).isZero();
            assertThat(emu.faults().current().channelRates()).isEmpty();
        }
    }

    @Test
    void refusesAChannelRateThatIsNotPositive() {
        assertThatThrownBy(() -> FaultOptions.none().withChannelRate("C1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C1=0.0");
    }

    @Test
    void limitsTheWorkspaceAcrossChannels() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(0).workspacePerMinute(3));
                Slack slack = Clients.sdk(emu)) {
            assertThat(post(slack, "C1").isOk()).isTrue();
            assertThat(post(slack, "C2").isOk()).isTrue();
            assertThat(post(slack, "C3").isOk()).isTrue();

            assertThat(retryAfter(slack, "C4")).as("one post per 20 s").isEqualTo("20");
            assertThat(emu.stats().channel("C4").rateLimited()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(20));
            assertThat(post(slack, "C4").isOk()).isTrue();
        }
    }

    @Test
    void reportsTheLongerWaitWhenChannelAndWorkspaceAreBothEmpty() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(0.5).workspacePerMinute(6).workspaceBurst(1));
                Slack slack = Clients.sdk(emu)) {
            post(slack, "C1");
            assertThat(retryAfter(slack, "C1")).as("workspace: 10 s, channel: 2 s").isEqualTo("10");
            assertThat(retryAfter(slack, "C2")).isEqualTo("10");
        }
    }

    @Test
    void countsBackToBackPostAllowedByBurstAsSpacingViolation() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(1.0).burst(2)); Slack slack = Clients.sdk(emu)) {
            assertThat(post(slack, "C1").isOk()).isTrue();
            assertThat(post(slack, "C1").isOk()).isTrue();
            assertThat(post(slack, "C2").isOk()).isTrue();

            EmulatorStats stats = emu.stats();
            assertThat(stats.accepted()).isEqualTo(3);
            assertThat(stats.spacingViolations()).isEqualTo(1);
            assertThat(stats.channel("C1").spacingViolations()).isEqualTo(1);
            assertThat(stats.channel("C2").spacingViolations()).isZero();
        }
    }

    @Test
    void countsNoSpacingViolationForPostsExactlyOneIntervalApart() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(20).burst(5)); Slack slack = Clients.sdk(emu)) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(slack, "C1").isOk()).isTrue();
                clock.advance(Duration.ofMillis(50));
            }
            assertThat(emu.stats().spacingViolations()).isZero();
            assertThat(emu.posts("C1")).extracting(AcceptedPost::arrivalMillis).containsExactly(0.0, 50.0, 100.0);
            clock.advance(Duration.ofMillis(-1));
            post(slack, "C1");
            assertThat(emu.stats().spacingViolations()).as("49 ms after the previous post").isEqualTo(1);
        }
    }

    @Test
    void forgivesSpacingWithinTolerance() throws Exception {
        try (SlackEmulator emu = emulator(b -> b.ratePerSecond(20).burst(2)
                .spacingTolerance(Duration.ofMillis(10))); Slack slack = Clients.sdk(emu)) {
            post(slack, "C1");
            clock.advance(Duration.ofMillis(40));
            post(slack, "C1");
            clock.advance(Duration.ofMillis(39));
            post(slack, "C1");
            assertThat(emu.stats().accepted()).isEqualTo(3);
            assertThat(emu.stats().spacingViolations()).as("only the 39 ms gap").isEqualTo(1);
        }
    }

    @Test
    void refillsOnTheRealClock() throws Exception {
        try (SlackEmulator emu = SlackEmulator.builder().token(TOKEN).ratePerSecond(20).build().start();
                Slack slack = Clients.sdk(emu)) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(slack, "C1").isOk()).isTrue();
                Thread.sleep(60);
            }
            assertThat(emu.stats().spacingViolations()).isZero();
            var arrivals = emu.posts("C1").stream().mapToDouble(AcceptedPost::arrivalMillis).toArray();
            assertThat(arrivals[1] - arrivals[0]).isGreaterThanOrEqualTo(50.0);
            assertThat(emu.posts("C1").get(1).arrival()).isAfter(emu.posts("C1").get(0).arrival());
        }
    }

    private SlackEmulator emulator(Consumer<SlackEmulator.Builder> settings) {
        SlackEmulator.Builder builder = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock);
        settings.accept(builder);
        return builder.build().start();
    }

    private static ChatPostMessageResponse post(Slack slack, String channel) throws Exception {
        return slack.methods(TOKEN).chatPostMessage(r -> r.channel(channel).text("hello " + channel));
    }

    /** Posts expecting a 429, and returns its {@code Retry-After}. */
    private static String retryAfter(Slack slack, String channel) {
        SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> post(slack, channel));
        assertThat(limited).as("429 expected").isNotNull();
        assertThat(limited.getResponse().code()).isEqualTo(429);
        return limited.getResponse().header("Retry-After");
    }
}
