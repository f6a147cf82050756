package dev.slackrelay.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class BroadcastsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void defusesEveryBroadcastFormInText() {
        assertThat(Broadcasts.defuse("<!channel> <!here|here> <!everyone> <!group> <!subteam^S1> <@U1> <!date^1|x>"))
                .isEqualTo("&lt;!channel> &lt;!here|here> &lt;!everyone> &lt;!group> <!subteam^S1> <@U1> <!date^1|x>");
        assertThat(Broadcasts.defuse("<!channelx>")).isEqualTo("<!channelx>");
    }

    @Test
    void defusesBlocksAndAttachmentsButLeavesPlainTextAndTheOriginal() throws Exception {
        JsonNode blocks = JSON.readTree("""
                [{"type":"section","text":{"type":"mrkdwn","text":"<!here> x"}},
                 {"type":"header","text":{"type":"plain_text","text":"<!here>"}},
                 {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"broadcast","range":"channel"}]}]},
                 {"pretext":"<!channel>","fields":[{"title":"t","value":"<!everyone>"}]}]""");

        JsonNode defused = Broadcasts.defuse(blocks);

        assertThat(defused.at("/0/text/text").textValue()).isEqualTo("&lt;!here> x");
        assertThat(defused.at("/1/text/text").textValue()).isEqualTo("<!here>");
        assertThat(defused.at("/2/elements/0/elements/0/text").textValue()).isEqualTo("@channel");
        assertThat(defused.at("/3/pretext").textValue()).isEqualTo("&lt;!channel>");
        assertThat(defused.at("/3/fields/0/value").textValue()).isEqualTo("&lt;!everyone>");
        assertThat(blocks.at("/0/text/text").textValue()).isEqualTo("<!here> x");
    }
}
