package dev.slackrelay.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.slackrelay.local.pipeline.Ledger.Published;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The shared reconciliation core on a made-up record. */
class ReconciliationTest {

    private final Ledger ledger = new Ledger();

    @Test
    void countsLostDuplicatesUnexpectedPostsAndTheFirstBreakOfAChannelsOrder() {
        for (int seq = 1; seq <= 4; seq++) {
            ledger.add(new Published("m" + seq, "C1", seq, "C1 #" + seq, null));
        }
        ledger.add(new Published("gone", "C9", 1, "C9 #1", "slack_error: channel_not_found"));
        List<Delivery> posts = List.of(post("m1", 1_000), post("m3", 2_000), post("m1", 3_000), post("m2", 4_000),
                post(null, 5_000));
        List<DeadLetter> letters = List.of(letter("gone"), letter("gone"), letter("stranger"));

        Reconciliation so = Reconciliation.of(ledger, posts, letters);

        assertThat(so.delivered()).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(so.duplicates()).isEqualTo(1);
        assertThat(so.deliveredAt().get("m1")).containsExactly(1_000.0, 3_000.0);
        assertThat(so.unexpected()).singleElement().extracting(Delivery::text).isEqualTo("hello");
        assertThat(so.deadLettered()).containsExactly("gone");
        assertThat(so.unmatchedDeadLetters()).extracting(DeadLetter::sourceId).containsExactly("stranger");
        assertThat(so.lost()).extracting(Published::messageId).containsExactly("m4");
        assertThat(so.settled()).isFalse();
        Reconciliation.ChannelFlow c1 = so.channel("C1");
        assertThat(c1.published()).isEqualTo(4);
        assertThat(c1.delivered()).isEqualTo(3);
        assertThat(c1.duplicates()).isEqualTo(1);
        assertThat(c1.firstSeqs()).containsExactly(1, 3, 2);
        assertThat(c1.inversion()).isEqualTo(new Reconciliation.Inversion(2, 3));
        assertThat(c1.postsPerSecond()).isEqualTo(1.0);
    }

    @Test
    void aDuplicateDoesNotCountAgainstTheOrder() {
        ledger.add(new Published("m1", "C1", 1, "C1 #1", null));
        ledger.add(new Published("m2", "C1", 2, "C1 #2", null));

        Reconciliation so = Reconciliation.of(ledger, List.of(post("m1", 0), post("m2", 500), post("m1", 900)),
                List.of());

        assertThat(so.channel("C1").inOrder()).isTrue();
        assertThat(so.settled()).isTrue();
    }

    @Test
    void countsADigestsMessagesEachButItsPostOnceAndSpacesPostsNotMessages() {
        for (int seq = 1; seq <= 5; seq++) {
            ledger.add(new Published("m" + seq, "C1", seq, "C1 #" + seq, null));
        }
        List<Delivery> deliveries = List.of(
                new Delivery("C1", "m1", 0, "m1", "1.1"),
                new Delivery("C1", "m2", 1_000, "2 notifications", "1.2"),
                new Delivery("C1", "m3", 1_000, "2 notifications", "1.2"),
                new Delivery("C1", "m4", 2_000, "2 notifications", "1.3"),
                new Delivery("C1", "m5", 2_000, "2 notifications", "1.3"));

        Reconciliation so = Reconciliation.of(ledger, deliveries, List.of());

        Reconciliation.ChannelFlow c1 = so.channel("C1");
        assertThat(so.settled()).isTrue();
        assertThat(so.duplicates()).isZero();
        assertThat(so.posts()).isEqualTo(3);
        assertThat(c1.delivered()).isEqualTo(5);
        assertThat(c1.posts()).isEqualTo(3);
        assertThat(c1.firstSeqs()).containsExactly(1, 2, 3, 4, 5);
        assertThat(c1.inOrder()).isTrue();
        assertThat(c1.postsPerSecond()).as("3 posts in 2 s, not 5 messages").isEqualTo(1.0);
    }

    @Test
    void findsAnInversionInsideADigest() {
        ledger.add(new Published("m1", "C1", 1, "C1 #1", null));
        ledger.add(new Published("m2", "C1", 2, "C1 #2", null));

        Reconciliation so = Reconciliation.of(ledger, List.of(new Delivery("C1", "m2", 0, "", "1.1"),
                new Delivery("C1", "m1", 0, "", "1.1")), List.of());

        assertThat(so.channel("C1").inversion()).isEqualTo(new Reconciliation.Inversion(1, 2));
        assertThat(so.channel("C1").posts()).isEqualTo(1);
    }

    private static Delivery post(String id, double atMillis) {
        return new Delivery("C1", id, atMillis, "hello");
    }

    private static DeadLetter letter(String sourceId) {
        return new DeadLetter(sourceId, "C9", "slack_error: Slack answered channel_not_found", "channel_not_found", 1,
                Message.builder().messageId("dlq-" + sourceId).body("{}").build());
    }
}
