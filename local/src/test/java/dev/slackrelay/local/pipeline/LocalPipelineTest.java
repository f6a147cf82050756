package dev.slackrelay.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.local.pipeline.Ledger.Published;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import org.junit.jupiter.api.Test;

/** The kit end to end: what is published settles as delivered or dead-lettered with the relay's reasons. */
class LocalPipelineTest {

    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    @Test
    void settlesEveryPublishedMessageAsDeliveredOrDeadLetteredWithItsReason() throws Exception {
        Ledger ledger = new Ledger();
        try (LocalPipeline p = LocalPipeline.builder()
                .emulator(s -> s.token("xoxb-kit-test").channels(Set.of("C1")).ratePerSecond(20).burst(1))
                .relay(r -> r.channelInterval(Duration.ofMillis(50)))
                .concurrency(2).longPollWait(Duration.ofSeconds(1)).start()) {
            for (int seq = 1; seq <= 3; seq++) {
                String id = p.publisher().publish(SlackMessage.builder("C1").body("seq=" + seq).build()).messageId();
                ledger.add(new Published(id, "C1", seq, "C1 #" + seq, null));
            }
            String gone = p.publisher().publish(SlackMessage.builder("C404").body("seq=1").build()).messageId();
            ledger.add(new Published(gone, "C404", 1, "C404 #1", "slack_error: channel_not_found"));
            String poison = p.sqs().client().sendMessage(r -> r.queueUrl(p.sqs().queueUrl()).messageGroupId("C1")
                    .messageDeduplicationId("poison").messageBody("<xml/>")).messageId();
            ledger.add(new Published(poison, "C1", 0, "poison", "invalid_message"));

            p.startRelay();
            boolean settled = p.awaitSettled(Duration.ofSeconds(60), () -> reconcile(p, ledger).settled(), () -> { });

            assertThat(settled).isTrue();
            assertThat(p.onQueue()).isZero();
            Reconciliation so = reconcile(p, ledger);
            assertThat(so.lost()).isEmpty();
            assertThat(so.delivered()).hasSize(3);
            assertThat(so.duplicates()).isZero();
            assertThat(so.unexpected()).isEmpty();
            assertThat(so.deadLettered()).containsExactlyInAnyOrder(gone, poison);
            assertThat(so.channel("C1").firstSeqs()).containsExactly(1, 2, 3);
            assertThat(so.channel("C1").inOrder()).isTrue();
            DeadLetter notFound = so.deadLetter(gone);
            assertThat(notFound.group()).isEqualTo("C404");
            assertThat(notFound.slackError()).isEqualTo("channel_not_found");
            assertThat(notFound.reasonKind()).isEqualTo("slack_error: channel_not_found");
            assertThat(notFound.receiveCount()).isEqualTo(1);
            assertThat(notFound.movedByRedrive()).isFalse();
            assertThat(so.deadLetter(poison).reasonKind()).isEqualTo("invalid_message");
            assertThat(so.deadLetter(poison).body()).isEqualTo("<xml/>");
            assertThat(p.deliveryLog().outcomes()).containsEntry("delivered", 3L).containsEntry("dead_lettered", 2L);
            assertThat(p.deliveryLog().deliveries()).extracting(Delivery::messageId)
                    .containsExactlyElementsOf(so.deliveredAt().keySet());
            assertThat(p.deliveryLog().secretLeaks()).isZero();
            assertThat(p.deadLetters().all()).hasSize(2).noneMatch(letter -> letter.contains("xoxb-kit-test"));
            assertThat(p.pollerStats().crashes()).isZero();
        }
    }

    @Test
    void deliversAnUrgentMessageBeforeItsChannelsBacklogDrainsWhileTheBacklogStaysInOrder() throws Exception {
        int backlog = 20;
        // burst 2, as Slack tolerates short bursts: the backlog drains at the full rate, so with a strict bucket of
        // one token the urgent post could only win a race against the backlog's next post
        try (LocalPipeline p = LocalPipeline.builder()
                .emulator(s -> s.token("xoxb-kit-test").channels(Set.of("C1")).ratePerSecond(5).burst(2))
                .relay(r -> r.channelInterval(Duration.ofMillis(200)))
                .concurrency(2).start()) {
            List<SlackMessage> queued = new ArrayList<>();
            for (int seq = 1; seq <= backlog; seq++) {
                queued.add(SlackMessage.builder("C1").body("seq=" + seq).build());
            }
            assertThat(p.publisher().publishAll(queued)).allMatch(r -> r instanceof PublishResult.Sent);

            p.startRelay();
            while (p.slack().posts("C1").size() < 2) {
                Thread.sleep(10);
            }
            p.publisher().publish(SlackMessage.builder("C1").body("urgent: disk full").priority(Priority.URGENT)
                    .build());
            boolean settled = p.awaitSettled(Duration.ofSeconds(120),
                    () -> p.slack().posts("C1").size() == backlog + 1, () -> { });

            assertThat(settled).isTrue();
            List<String> texts = p.slack().posts("C1").stream().map(AcceptedPost::text).toList();
            int urgentAt = texts.indexOf(texts.stream().filter(t -> t.contains("urgent: disk full")).findFirst()
                    .orElseThrow());
            assertThat(urgentAt).as("the urgent post's place among %s", texts).isLessThan(backlog);
            assertThat(texts.stream().filter(t -> !t.contains("urgent")).map(LocalPipelineTest::seq).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, backlog).boxed().toList());
            assertThat(p.urgentPollerStats().deletes()).isEqualTo(1);
            assertThat(p.pollerStats().deletes()).isEqualTo(backlog);
            assertThat(p.onQueue()).isZero();
        }
    }

    @Test
    void leavesOutTheShareOfAPostedMessagesFilesButDeliversAMessageOfFilesAloneByItsShare() throws Exception {
        byte[] csv = "step,rows\n1,42\n".getBytes(StandardCharsets.UTF_8);
        Ledger ledger = new Ledger();
        try (LocalPipeline p = LocalPipeline.builder()
                .emulator(s -> s.token("xoxb-kit-test").channels(Set.of("C1")).ratePerSecond(20).burst(1))
                .relay(r -> r.channelInterval(Duration.ofMillis(50))).start()) {
            String posted = p.publisher().publish(SlackMessage.builder("C1").body("seq=1")
                    .file(SlackFile.inline("report.csv", csv)).build()).messageId();
            ledger.add(new Published(posted, "C1", 1, "C1 #1", null));
            String filesAlone = p.publisher().publish(SlackMessage.builder("C1")
                    .file(SlackFile.inline("more.csv", csv).withTitle("seq=2")).build()).messageId();
            ledger.add(new Published(filesAlone, "C1", 2, "C1 #2", null));

            p.startRelay();
            boolean settled = p.awaitSettled(Duration.ofSeconds(60), () -> reconcile(p, ledger).settled(), () -> { });

            assertThat(settled).isTrue();
            assertThat(p.slack().posts("C1")).extracting(AcceptedPost::source).containsExactly(
                    AcceptedPost.Source.API, AcceptedPost.Source.FILE_SHARE, AcceptedPost.Source.FILE_SHARE);
            Reconciliation so = reconcile(p, ledger);
            assertThat(so.delivered()).containsExactlyInAnyOrder(posted, filesAlone);
            assertThat(so.duplicates()).isZero();
            assertThat(so.unexpected()).as("the share of message 1's file is no post of its own").isEmpty();
            assertThat(so.channel("C1").firstSeqs()).containsExactly(1, 2);
            assertThat(so.channel("C1").posts()).isEqualTo(2);
        }
    }

    private static int seq(String text) {
        Matcher m = SEQ.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Reconciliation reconcile(LocalPipeline p, Ledger ledger) {
        return Reconciliation.of(ledger, p.deliveries(post -> identify(ledger, post)), p.deadLetters().drained());
    }

    /** By the {@code seq=N} in a post's text, or in a file share's first file title. */
    private static List<String> identify(Ledger ledger, AcceptedPost post) {
        Matcher m = SEQ.matcher(post.source() == AcceptedPost.Source.FILE_SHARE
                ? post.payload().path("files").path(0).path("title").asText("") : post.text());
        return m.find() ? Stream.ofNullable(ledger.numberedId(post.channel(), Integer.parseInt(m.group(1)))).toList()
                : List.of();
    }

    @Test
    void takesTheRelayFromTheCallersHostInsteadOfTheEventSourceEmulator() throws Exception {
        List<String> calls = new ArrayList<>();
        try (LocalPipeline p = LocalPipeline.builder().host(pipeline -> new RelayHost() {
            @Override
            public void start() {
                calls.add("start " + pipeline.relayConfig().queueUrl());
            }

            @Override
            public void close() {
                calls.add("close");
            }
        }).start()) {
            p.startRelay();
            p.stopRelay();
            assertThat(p.inFlight()).isZero();
            assertThat(calls).containsExactly("start " + p.sqs().queueUrl(), "close");
        }
    }
}
