package dev.slackrelay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Hostile and broken input, from the corpus: the publisher names the field at fault before sending anything; the relay
 * dead-letters with a reason whatever a foreign producer queued, never crashes, never blocks the channel, and no
 * broadcast mention reaches Slack unless the message opted in.
 */
class BadInputCorpusTest {

    private static final List<String> BROADCASTS = List.of("<!channel", "<!here", "<!everyone", "<!subteam",
            "\"broadcast\"", "\"usergroup\"", "<@");

    static List<BadInputCorpus> corpus() {
        return BadInputCorpus.load();
    }

    @Test
    void coversAtLeastFiftyCasesWithDistinctBodies() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(corpus().stream().map(BadInputCorpus::body).distinct()).hasSameSizeAs(corpus());
    }

    private static EmbeddedSqs sqs;
    private static SlackRelayPublisher publisher;

    @BeforeAll
    static void startQueue() {
        sqs = EmbeddedSqs.builder().build().start();
        publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl()).sqsClient(sqs.client()).build();
    }

    @AfterAll
    static void stopQueue() {
        publisher.close();
        sqs.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void publisherNamesTheFieldBeforeSendingAnything(BadInputCorpus c) {
        int before = queued();
        if (c.publisherField().equals("ok")) {
            publisher.publish(WireFormat.decode(c.body()));
            assertThat(queued()).isEqualTo(before + 1);
            return;
        }
        assertThatThrownBy(() -> publisher.publish(WireFormat.decode(c.body())))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).contains(c.publisherField()));
        assertThat(queued()).as("nothing sent").isEqualTo(before);
    }

    private static int queued() {
        return Integer.parseInt(sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void relayDeadLettersWhatAForeignProducerQueuedAndDeliversTheRestDefused() throws Exception {
        List<BadInputCorpus> sendable = corpus().stream()
                .filter(c -> !c.relay().equals(BadInputCorpus.UNSENDABLE)).toList();
        try (Pipeline p = Pipeline.builder().concurrency(2).slack(s -> s.ratePerSecond(200).burst(1))
                .relay(r -> r.channelInterval(Duration.ofMillis(5))).start()) {
            int n = 0;
            for (BadInputCorpus c : sendable) {
                String dedup = "corpus-" + n++;
                p.sqs.client().sendMessage(r -> r.queueUrl(p.sqs.queueUrl()).messageGroupId("C1")
                        .messageDeduplicationId(dedup).messageBody(c.body()));
            }
            p.sqs.client().sendMessage(r -> r.queueUrl(p.sqs.queueUrl()).messageGroupId("C1")
                    .messageDeduplicationId("last").messageBody("{\"channel\":\"C1\",\"body\":\"seq=999\"}"));

            p.awaitSettled(sendable.size() + 1, Duration.ofSeconds(60));

            Map<String, Message> dead = p.deadLetters().stream()
                    .collect(Collectors.toMap(Message::body, Function.identity()));
            for (BadInputCorpus c : sendable) {
                if (c.relay().equals(BadInputCorpus.DEAD_LETTER)) {
                    assertThat(dead.containsKey(c.body())).as("%s is dead-lettered", c.name()).isTrue();
                    assertThat(dead.get(c.body()).messageAttributes().get("reason").stringValue()).as(c.name())
                            .containsAnyOf("invalid_message: " + c.publisherField() + ":",
                                    "unsupported_version: " + c.publisherField() + ":",
                                    "; " + c.publisherField() + ":");
                } else {
                    assertThat(dead.containsKey(c.body())).as("%s is not dead-lettered", c.name()).isFalse();
                }
            }
            long deliverable = sendable.stream().filter(c -> c.relay().equals(BadInputCorpus.DELIVER)).count();
            List<AcceptedPost> posts = p.slack.posts("C1");
            assertThat(posts).hasSize((int) deliverable + 1);
            assertThat(p.sequence("C1")).as("the channel was never blocked").endsWith(999);
            for (AcceptedPost post : posts) {
                String payload = post.payload().toString();
                if (!payload.contains("OPT-IN")) {
                    assertThat(payload).doesNotContain(BROADCASTS);
                }
            }
            assertThat(posts).filteredOn(post -> post.payload().toString().contains("OPT-IN"))
                    .hasSize(2).allSatisfy(post -> assertThat(post.payload().toString()).contains("<!here>"));
            assertThat(p.pollerStats().crashes()).isZero();
        }
    }
}
