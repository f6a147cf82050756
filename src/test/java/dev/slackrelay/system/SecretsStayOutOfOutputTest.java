package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.model.SlackMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Runs whole pipelines with a known bot token and a known webhook URL through every failure path (5xx, dropped
 * connections, timeouts, rejected credentials, dead letters) while capturing everything the process writes, and
 * checks that neither secret appears in any log line, exception message or dead-letter attribute.
 */
class SecretsStayOutOfOutputTest {

    private static final String TOKEN = "xoxb-4242-SECRET-TOKEN-VALUE";
    private static final String WEBHOOK_SECRET = "S3CR3TW3BH00KPART";
    private static final String WEBHOOK_KEY = "T0LEAK/B0LEAK/" + WEBHOOK_SECRET;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private OutputStream tee(OutputStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                try {
                    original.write(b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    @Test
    void botTokenNeverAppearsInLogsOrDeadLetters() throws Exception {
        List<Message> deadLetters = new ArrayList<>();
        try (Pipeline p = Pipeline.builder()
                .slack(s -> s.token(TOKEN).ratePerSecond(50).channels(Pipeline.channels("C1", "C2")))
                .relay(r -> r.slackBotToken(TOKEN).channelInterval(Duration.ofMillis(20))
                        .slackTimeout(Duration.ofMillis(500)).backoffBase(Duration.ofSeconds(1)))
                .maxReceiveCount(3).start()) {
            p.slack.faults().seed(3).serverErrorRate(0.3).dropRate(0.2).slowAnswers(0.1, Duration.ofSeconds(1));
            publishMixedWorkload(p);
            p.awaitSettled(7, Duration.ofSeconds(60));
            deadLetters.addAll(p.deadLetters());
        }
        // a relay whose token Slack rejects: the auth-failure path logs too
        try (Pipeline p = Pipeline.builder().slack(s -> s.token("xoxb-the-right-one"))
                .relay(r -> r.slackBotToken(TOKEN).backoffCap(Duration.ofSeconds(1))).maxReceiveCount(2).start()) {
            p.publisher.publish(SlackMessage.builder("C1").body("never delivered").build());
            p.awaitSettled(1, Duration.ofSeconds(30));
            deadLetters.addAll(p.deadLetters());
        }

        assertNoSecretIn(deadLetters, TOKEN);
    }

    @Test
    void webhookUrlNeverAppearsInLogsOrDeadLetters() throws Exception {
        List<Message> deadLetters = new ArrayList<>();
        try (Pipeline p = Pipeline.builder()
                .slack(s -> s.ratePerSecond(50).webhook(WEBHOOK_KEY, "C1").webhook("T0LEAK/B0GONE/x", "C2"))
                .relay(r -> r.slackBotToken(null).channelInterval(Duration.ofMillis(20))
                        .slackTimeout(Duration.ofMillis(500)).backoffBase(Duration.ofSeconds(1)))
                .webhooks(emulator -> "{\"C1\":\"" + emulator.webhookUrl(WEBHOOK_KEY) + "\",\"C2\":\""
                        + emulator.baseUrl() + "/services/T0LEAK/B0GONE/" + WEBHOOK_SECRET + "\"}")
                .maxReceiveCount(3).start()) {
            p.slack.faults().seed(5).serverErrorRate(0.3).dropRate(0.2).slowAnswers(0.1, Duration.ofSeconds(1));
            publishMixedWorkload(p);
            p.awaitSettled(7, Duration.ofSeconds(60));
            deadLetters.addAll(p.deadLetters());
        }

        assertNoSecretIn(deadLetters, WEBHOOK_SECRET);
    }

    private static void publishMixedWorkload(Pipeline p) {
        for (int i = 1; i <= 3; i++) {
            p.publisher.publish(SlackMessage.builder("C1").body("seq=" + i).build());
        }
        p.publisher.publish(SlackMessage.builder("C2").body("seq=1").build());
        p.publisher.publish(SlackMessage.builder("C9").body("unknown channel").build());
        p.sqs.client().sendMessage(r -> r.queueUrl(p.sqs.queueUrl()).messageGroupId("C1")
                .messageDeduplicationId("poison").messageBody("{oops"));
        p.publisher.publish(SlackMessage.builder("C1").body("seq=4").build());
    }

    private void assertNoSecretIn(List<Message> deadLetters, String secret) {
        String output;
        synchronized (captured) {
            output = captured.toString(StandardCharsets.UTF_8);
        }
        assertThat(output).as("the relay wrote its per-message log lines").contains("\"outcome\"");
        assertThat(output).doesNotContain(secret);
        assertThat(deadLetters).isNotEmpty().allSatisfy(m -> {
            assertThat(m.messageAttributes().toString()).doesNotContain(secret);
            assertThat(m.body()).doesNotContain(secret);
        });
    }
}
