package dev.slackrelay.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slackrelay.model.BlockText;
import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackLimits;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockKitRendererTest {

    @Test
    void laysOutDividerTitleBodyExtrasDivider() {
        RenderedMessage r = BlockKitRenderer.render(WireFormat.decode("""
                {"channel":"C1","title":"Deploy finished","body":"42 tasks",
                 "extra_blocks":[{"type":"context","elements":[{"type":"mrkdwn","text":"build 1234"}]}]}"""));

        assertThat(types(r.blocks())).containsExactly("divider", "section", "section", "context", "divider");
        assertThat(r.blocks().get(1).at("/text/text").textValue()).isEqualTo("*Deploy finished*");
        assertThat(r.blocks().get(2).at("/text/text").textValue()).isEqualTo("42 tasks");
        assertThat(r.text()).isEqualTo("Deploy finished: 42 tasks");
        assertThat(r.channel()).isEqualTo("C1");
    }

    @Test
    void appliesDefaultUsernameAndIcon() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("x").build());

        assertThat(r.username()).isEqualTo("NotificationBot");
        assertThat(r.iconEmoji()).isEqualTo(":satellite:");
        assertThat(r.threadTs()).isNull();
    }

    @Test
    void escapesUntrustedTextInBlocksAndFallbackSoItCannotPageAChannel() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1")
                .title("<!channel> R&D").body("disk <!here> > 90% <@U123>").build());

        String all = r.blocks().toString() + r.text();
        assertThat(all).doesNotContain("<!channel>", "<!here>", "<@U123>");
        assertThat(r.blocks().get(1).at("/text/text").textValue()).isEqualTo("*&lt;!channel&gt; R&amp;D*");
        assertThat(r.blocks().get(2).at("/text/text").textValue()).isEqualTo("disk &lt;!here&gt; &gt; 90% &lt;@U123&gt;");
        assertThat(r.text()).startsWith("&lt;!channel&gt; R&amp;D: ");
    }

    @Test
    void passesTrustedMrkdwnThrough() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").mrkdwn(true)
                .body("see <https://example.com|the run> <!here>").build());

        assertThat(r.blocks().get(1).at("/text/text").textValue()).isEqualTo("see <https://example.com|the run> <!here>");
    }

    @Test
    void prependsExplicitMentionsToBodyAndFallback() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("build broke")
                .mention("U02ABCDEF", "here", "subteam^S0ABC").build());

        assertThat(r.blocks().get(1).at("/text/text").textValue())
                .isEqualTo("<@U02ABCDEF> <!here> <!subteam^S0ABC> build broke");
        assertThat(r.text()).startsWith("<@U02ABCDEF> <!here> <!subteam^S0ABC> ");
    }

    @Test
    void defusesBroadcastsInsideUntrustedExtraBlocks() {
        RenderedMessage r = BlockKitRenderer.render(WireFormat.decode("""
                {"channel":"C1","body":"x","extra_blocks":[
                  {"type":"section","text":{"type":"mrkdwn","text":"ping <!channel> and <!subteam^S1|ops> <https://x.io|ok>"}},
                  {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[
                     {"type":"broadcast","range":"everyone"},{"type":"usergroup","usergroup_id":"S1"}]}]}]}"""));

        String json = r.blocks().toString();
        assertThat(json).doesNotContain("<!channel>", "<!subteam", "\"broadcast\"", "\"usergroup\"");
        assertThat(json).contains("&lt;!channel>", "<https://x.io|ok>", "@everyone");
    }

    @Test
    void keepsBroadcastsInExtraBlocksOfTrustedMessages() {
        RenderedMessage r = BlockKitRenderer.render(WireFormat.decode("""
                {"channel":"C1","mrkdwn":true,"extra_blocks":[
                  {"type":"section","text":{"type":"mrkdwn","text":"<!channel>"}}]}"""));

        assertThat(r.blocks().toString()).contains("<!channel>");
    }

    @Test
    void splitsLongBodiesIntoSectionsAtLineBreaks() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("line %03d %s".formatted(i, "x".repeat(30)));
        }
        String body = String.join("\n", lines);

        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body(body).build());

        List<String> sections = sectionTexts(r.blocks());
        assertThat(sections).hasSizeGreaterThan(2);
        assertThat(sections).allSatisfy(s -> {
            assertThat(s.length()).isLessThanOrEqualTo(SlackLimits.SECTION_TEXT_MAX);
            assertThat(s).startsWith("line ").endsWith("x");
        });
        assertThat(String.join("\n", sections)).isEqualTo(body);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void truncatesHugeBodiesVisiblyWithinTheBlockTextBudget() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").title("t")
                .body("a < b\n".repeat(20_000)).build());

        assertThat(r.truncated()).isTrue();
        assertThat(r.blocks().size()).isLessThanOrEqualTo(SlackLimits.MAX_BLOCKS);
        assertThat(BlockText.length(r.blocks())).isLessThanOrEqualTo(SlackLimits.BLOCK_TEXT_BUDGET);
        List<String> sections = sectionTexts(r.blocks());
        assertThat(sections.get(sections.size() - 1)).matches("(?s).*… _\\(truncated: \\d+ more characters\\)_");
        assertThat(sections).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(SlackLimits.SECTION_TEXT_MAX));
        assertThat(r.text().length()).isLessThanOrEqualTo(SlackLimits.FALLBACK_TEXT_MAX);
    }

    @Test
    void neverCutsInsideAnEscapedEntityOrSurrogatePair() {
        String body = ("&".repeat(2999) + "😀").repeat(5);

        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body(body).build());

        for (String s : sectionTexts(r.blocks())) {
            assertThat(s).doesNotMatch("(?s).*&(a|am|amp)?$").doesNotStartWith("mp;").doesNotStartWith("p;");
            assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(s.charAt(0))).isFalse();
        }
    }

    @Test
    void keepsAtMostFiftyBlocksWithTheLargestAllowedExtras() {
        SlackMessage.Builder b = SlackMessage.builder("C1").title("t").body("y\n".repeat(9000));
        for (int i = 0; i < SlackLimits.MAX_EXTRA_BLOCKS; i++) {
            b.extraBlock("{\"type\":\"divider\"}");
        }
        RenderedMessage r = BlockKitRenderer.render(b.build());

        assertThat(r.blocks().size()).isLessThanOrEqualTo(SlackLimits.MAX_BLOCKS);
    }

    @Test
    void dropsControlCharactersButKeepsNewlinesAndTabs() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("a\u0000b\u0007c\r\nd\te").build());

        assertThat(r.blocks().get(1).at("/text/text").textValue()).isEqualTo("abc\nd\te");
    }

    @Test
    void usesGivenFallbackTextEscapedAndShortened() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("b").text("<x> " + "y".repeat(5000)).build());

        assertThat(r.text()).startsWith("&lt;x&gt; ").hasSizeLessThanOrEqualTo(SlackLimits.FALLBACK_TEXT_MAX).endsWith("…");
    }

    @Test
    void rendersThreadRepliesAndThePayload() {
        RenderedMessage r = BlockKitRenderer.render(SlackMessage.builder("C1").body("b").threadTs("1700000000.000100").build());

        JsonNode payload = r.toPayload();
        assertThat(payload.get("thread_ts").textValue()).isEqualTo("1700000000.000100");
        assertThat(payload.get("channel").textValue()).isEqualTo("C1");
        assertThat(payload.get("blocks").isArray()).isTrue();
    }

    @Test
    void refusesInvalidMessages() {
        assertThatThrownBy(() -> BlockKitRenderer.render(SlackMessage.builder("C1").build()))
                .isInstanceOf(InvalidMessageException.class);
    }

    private static List<String> types(ArrayNode blocks) {
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> out.add(b.get("type").textValue()));
        return out;
    }

    private static List<String> sectionTexts(ArrayNode blocks) {
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> {
            if (b.get("type").textValue().equals("section")) {
                out.add(b.at("/text/text").textValue());
            }
        });
        return out;
    }
}
