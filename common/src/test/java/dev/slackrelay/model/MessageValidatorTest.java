package dev.slackrelay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {

    private static SlackMessage.Builder valid() {
        return SlackMessage.builder("C0123456789").body("hello");
    }

    @Test
    void acceptsAMinimalMessage() {
        assertThat(MessageValidator.violations(valid().build())).isEmpty();
    }

    @Test
    void requiresSomethingToPost() {
        assertThatThrownBy(() -> MessageValidator.validate(SlackMessage.builder("C1").build()))
                .hasMessageContaining("nothing to post");
    }

    @Test
    void acceptsOnlyExtraBlocksAsContent() {
        assertThat(MessageValidator.violations(SlackMessage.builder("C1").extraBlock("{\"type\":\"divider\"}").build()))
                .isEmpty();
    }

    @Test
    void rejectsChannelsThatCannotBeAnSqsGroupId() {
        assertThatThrownBy(() -> MessageValidator.validate(valid().channel("my alerts").build()))
                .hasMessageContaining("channel: must be 1-128 printable ASCII characters");
        assertThatThrownBy(() -> MessageValidator.validate(valid().channel("#général").build()))
                .hasMessageContaining("channel:");
        assertThatThrownBy(() -> MessageValidator.validate(valid().channel("C".repeat(129)).build()))
                .hasMessageContaining("channel:");
        assertThatThrownBy(() -> MessageValidator.validate(valid().channel("  ").build()))
                .hasMessageContaining("channel: is required");
    }

    @Test
    void acceptsChannelNamesAndIds() {
        for (String channel : new String[] {"#alerts", "C0123456789", "G0ABC", "U02ABCDEF", "#ops-eu_1"}) {
            assertThat(MessageValidator.violations(valid().channel(channel).build())).as(channel).isEmpty();
        }
    }

    @Test
    void rejectsMentionsOtherThanUsersHereChannelAndSubteams() {
        assertThat(MessageValidator.violations(valid().mention("U02ABCDEF", "W123ABC", "here", "channel",
                "subteam^S012AB").build())).isEmpty();

        assertThatThrownBy(() -> MessageValidator.validate(valid().mention("U02ABCDEF", "everyone").build()))
                .hasMessageContaining("mentions[1]: must be a user ID");
        assertThatThrownBy(() -> MessageValidator.validate(valid().mention("<!channel>").build()))
                .hasMessageContaining("mentions[0]");
    }

    @Test
    void rejectsBlocksWithoutType() {
        ObjectNode noType = JsonNodeFactory.instance.objectNode().put("text", "x");
        ObjectNode numericType = JsonNodeFactory.instance.objectNode().put("type", 3);

        assertThatThrownBy(() -> MessageValidator.validate(valid().extraBlock(noType).extraBlock(numericType).build()))
                .hasMessageContaining("extra_blocks[0].type: is required")
                .hasMessageContaining("extra_blocks[1].type: must be a non-empty string");
    }

    @Test
    void rejectsMoreExtraBlocksThanFitBesideTheLayout() {
        SlackMessage.Builder b = valid();
        for (int i = 0; i < 41; i++) {
            b.extraBlock("{\"type\":\"divider\"}");
        }
        assertThatThrownBy(() -> MessageValidator.validate(b.build()))
                .hasMessageContaining("extra_blocks: at most 40 blocks, not 41");
    }

    @Test
    void rejectsExtraBlocksWhoseTextSlackWouldRefuse() {
        ObjectNode big = JsonNodeFactory.instance.objectNode().put("type", "section");
        big.putObject("text").put("type", "mrkdwn").put("text", "x".repeat(3001));

        assertThatThrownBy(() -> MessageValidator.validate(valid().extraBlock(big).build()))
                .hasMessageContaining("extra_blocks[0]: has a text of 3001 characters");
    }

    @Test
    void rejectsMalformedThreadTsIconAndUsername() {
        assertThatThrownBy(() -> MessageValidator.validate(valid().threadTs("yesterday").iconEmoji("rocket")
                .username("x".repeat(81)).build()))
                .hasMessageContaining("username: must be 1-80 characters")
                .hasMessageContaining("icon_emoji: must look like :emoji_name:")
                .hasMessageContaining("thread_ts: must be a Slack message ts");
    }
}
