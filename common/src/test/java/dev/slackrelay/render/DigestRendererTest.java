package dev.slackrelay.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.model.BlockText;
import dev.slackrelay.model.SlackLimits;
import dev.slackrelay.model.SlackMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

    private static SlackMessage note(int i) {
        return SlackMessage.builder("C1").title("Task " + i + " finished").body("exit 0 <ok>").build();
    }

    @Test
    void oneMessageRendersAsItWouldAlone() {
        RenderedMessage alone = BlockKitRenderer.render(note(1));

        RenderedMessage digest = DigestRenderer.render(List.of(note(1))).orElseThrow();

        assertThat(digest).isEqualTo(alone);
    }

    @Test
    void keepsEachNotificationInOrderBetweenDividers() {
        SlackMessage withExtra = note(2).toBuilder()
                .extraBlock("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"build 7\"}]}")
                .build();

        RenderedMessage digest = DigestRenderer.render(List.of(note(1), withExtra, note(3))).orElseThrow();

        assertThat(types(digest)).containsExactly("divider",
                "section", "section", "divider",
                "section", "section", "context", "divider",
                "section", "section", "divider");
        assertThat(sectionTexts(digest)).containsExactly("*Task 1 finished*", "exit 0 &lt;ok&gt;",
                "*Task 2 finished*", "exit 0 &lt;ok&gt;", "*Task 3 finished*", "exit 0 &lt;ok&gt;");
        assertThat(digest.text()).isEqualTo("3 notifications: Task 1 finished: exit 0 &lt;ok&gt; …");
        assertThat(digest.channel()).isEqualTo("C1");
        assertThat(digest.username()).isEqualTo(SlackMessage.DEFAULT_USERNAME);
        assertThat(digest.truncated()).isFalse();
    }

    @Test
    void showsANotificationThatHasOnlyAText() {
        SlackMessage textOnly = SlackMessage.builder("C1").text("disk 91% <full>").build();

        RenderedMessage digest = DigestRenderer.render(List.of(note(1), textOnly, note(3))).orElseThrow();

        assertThat(sectionTexts(digest)).containsExactly("*Task 1 finished*", "exit 0 &lt;ok&gt;",
                "disk 91% &lt;full&gt;", "*Task 3 finished*", "exit 0 &lt;ok&gt;");
        assertThat(types(digest)).containsExactly("divider", "section", "section", "divider", "section", "divider",
                "section", "section", "divider");
    }

    @Test
    void headsAnUntitledNotificationWithItsOwnText() {
        SlackMessage summarised = SlackMessage.builder("C1").text("cleanup finished").body("removed 7 snapshots")
                .build();

        RenderedMessage digest = DigestRenderer.render(List.of(note(1), summarised)).orElseThrow();

        assertThat(sectionTexts(digest)).containsExactly("*Task 1 finished*", "exit 0 &lt;ok&gt;",
                "cleanup finished", "removed 7 snapshots");
        assertThat(DigestRenderer.render(List.of(summarised)).orElseThrow())
                .as("alone, its text stays the notification text").isEqualTo(BlockKitRenderer.render(summarised));
    }

    @Test
    void sharesAPostOnlyWithTheSameChannelSenderThreadAndTrust() {
        SlackMessage base = note(1);

        assertThat(DigestRenderer.compatible(base, note(2))).isTrue();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder()
                .username(SlackMessage.DEFAULT_USERNAME).build())).as("defaults count as given").isTrue();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder().channel("C2").build())).isFalse();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder().username("Deployer").build())).isFalse();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder().iconEmoji(":fire:").build())).isFalse();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder().threadTs("1700000000.000100").build()))
                .isFalse();
        assertThat(DigestRenderer.compatible(base, note(2).toBuilder().mrkdwn(true).build())).isFalse();
        assertThatThrownBy(() -> DigestRenderer.render(List.of(base, note(2).toBuilder().channel("C2").build())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DigestRenderer.render(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMoreBlocksThanSlackTakes() {
        List<SlackMessage> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SlackMessage.Builder b = note(i).toBuilder();
            for (int k = 0; k < 3; k++) {
                b.extraBlock("{\"type\":\"divider\"}");
            }
            messages.add(b.build());
        }
        // each takes title + body + 3 extras + its divider = 6 blocks: 8 fit in 50 with the opening divider
        assertThat(DigestRenderer.render(messages.subList(0, 8))).isPresent()
                .get().satisfies(r -> assertThat(r.blocks().size()).isEqualTo(49));
        assertThat(DigestRenderer.render(messages.subList(0, 9))).isEmpty();
    }

    @Test
    void refusesMoreBlockTextThanTheBudget() {
        String body = "x".repeat(SlackLimits.BLOCK_TEXT_BUDGET / 2);
        SlackMessage half = SlackMessage.builder("C1").body(body).build();

        RenderedMessage alone = DigestRenderer.render(List.of(half)).orElseThrow();
        assertThat(BlockText.length(alone.blocks())).isLessThanOrEqualTo(SlackLimits.BLOCK_TEXT_BUDGET);
        assertThat(DigestRenderer.render(List.of(half, half))).isPresent();
        assertThat(DigestRenderer.render(List.of(half, half, note(3)))).isEmpty();
    }

    @Test
    void neverFoldsAMessageThatWasTruncatedToFitAlone() {
        SlackMessage huge = SlackMessage.builder("C1").body("y".repeat(SlackLimits.BLOCK_TEXT_BUDGET + 10)).build();

        assertThat(DigestRenderer.render(List.of(huge)).orElseThrow().truncated()).isTrue();
        assertThat(DigestRenderer.render(List.of(note(1), huge))).isEmpty();
    }

    @Test
    void previewsOnlyTheStartOfALongFirstNotification() {
        SlackMessage longTitle = SlackMessage.builder("C1").text("z".repeat(1000)).build();

        String text = DigestRenderer.render(List.of(longTitle, note(2))).orElseThrow().text();

        assertThat(text).startsWith("2 notifications: zzz").endsWith(" …").hasSizeLessThan(250);
        assertThat(IntStream.range(0, text.length()).noneMatch(i -> Character.isHighSurrogate(text.charAt(i))
                && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))))).isTrue();
    }

    private static List<String> types(RenderedMessage r) {
        List<String> types = new ArrayList<>();
        r.blocks().forEach(b -> types.add(b.path("type").asText()));
        return types;
    }

    private static List<String> sectionTexts(RenderedMessage r) {
        List<String> texts = new ArrayList<>();
        for (JsonNode b : r.blocks()) {
            if (b.path("type").asText().equals("section")) {
                texts.add(b.at("/text/text").asText());
            }
        }
        return texts;
    }
}
