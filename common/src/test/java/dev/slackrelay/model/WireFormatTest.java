package dev.slackrelay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFormatTest {

    @Test
    void decodesTheFullExampleOfTheWireFormat() {
        SlackMessage m = WireFormat.decode("""
                {"channel": "C0123456789", "title": "Deploy finished", "body": "42 tasks, 0 failures\\nduration 3m12s",
                 "username": "deploy-bot", "icon_emoji": ":rocket:", "mentions": ["U02ABCDEF"],
                 "extra_blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "build 1234"}]}]}""");

        assertThat(m.channel()).isEqualTo("C0123456789");
        assertThat(m.title()).isEqualTo("Deploy finished");
        assertThat(m.body()).isEqualTo("42 tasks, 0 failures\nduration 3m12s");
        assertThat(m.username()).isEqualTo("deploy-bot");
        assertThat(m.iconEmoji()).isEqualTo(":rocket:");
        assertThat(m.mentions()).containsExactly("U02ABCDEF");
        assertThat(m.extraBlocks()).hasSize(1);
        assertThat(m.extraBlocks().get(0).get("type").textValue()).isEqualTo("context");
        assertThat(m.mrkdwn()).isFalse();
        assertThat(m.version()).isEqualTo(1);
    }

    @Test
    void acceptsMessageAsAnAliasOfBodyFromOlderProducers() {
        SlackMessage m = WireFormat.decode("{\"channel\": \"C0123456789\", \"message\": \"Nightly export finished\"}");

        assertThat(m.body()).isEqualTo("Nightly export finished");
        assertThat(m.username()).isNull();
    }

    @Test
    void rejectsBodyAndMessageThatDisagree() {
        assertThatThrownBy(() -> WireFormat.decode("{\"channel\":\"C1\",\"body\":\"a\",\"message\":\"b\"}"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("message: is an alias of body");
    }

    @Test
    void ignoresUnknownFieldsAndTreatsNullAsAbsent() {
        SlackMessage m = WireFormat.decode("{\"channel\":\"C1\",\"body\":\"x\",\"future\":{\"a\":1},\"title\":null}");

        assertThat(m.title()).isNull();
        assertThat(m.body()).isEqualTo("x");
    }

    @Test
    void roundTripsEveryField() {
        SlackMessage original = SlackMessage.builder("#alerts").title("t").body("b").text("fallback")
                .username("bot").iconEmoji(":x:").threadTs("1700000000.000100").mention("U123", "here")
                .mrkdwn(true).priority(Priority.URGENT).extraBlock("{\"type\":\"divider\"}").build();

        SlackMessage decoded = WireFormat.decode(WireFormat.encode(original));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void encodesOnlyWhatIsPresent() {
        String json = WireFormat.encode(SlackMessage.builder("C1").body("hi").build());

        assertThat(json).isEqualTo("{\"channel\":\"C1\",\"body\":\"hi\"}");
    }

    @Test
    void roundTripsAnUrgentPriority() {
        SlackMessage urgent = SlackMessage.builder("C1").body("disk full").priority(Priority.URGENT).build();

        String json = WireFormat.encode(urgent);

        assertThat(json).isEqualTo("{\"channel\":\"C1\",\"body\":\"disk full\",\"priority\":\"urgent\"}");
        assertThat(WireFormat.decode(json).priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void readsAnAbsentOrNormalPriorityAsNormalAndReEncodesItByteIdentically() {
        String old = "{\"channel\":\"C1\",\"body\":\"hi\"}";

        assertThat(WireFormat.decode(old).priority()).isEqualTo(Priority.NORMAL);
        assertThat(WireFormat.encode(WireFormat.decode(old))).isEqualTo(old);
        assertThat(WireFormat.decode("{\"channel\":\"C1\",\"body\":\"hi\",\"priority\":\"normal\"}").priority())
                .isEqualTo(Priority.NORMAL);
        assertThat(WireFormat.decode("{\"channel\":\"C1\",\"body\":\"hi\",\"priority\":null}").priority())
                .isEqualTo(Priority.NORMAL);
    }

    @Test
    void typesAnUnknownPriorityAsInvalidAndAWrongTypeAsSuch() {
        assertThat(codes("{\"channel\":\"C1\",\"body\":\"x\",\"priority\":\"soon\"}"))
                .containsExactly(Violation.Code.INVALID);
        assertThat(codes("{\"channel\":\"C1\",\"body\":\"x\",\"priority\":true}"))
                .containsExactly(Violation.Code.WRONG_TYPE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                  | (body): not valid JSON
            {"channel":"C1","body":"x"} extra | (body): not valid JSON
            ''                        | (body): is empty
            [1,2]                     | (body): must be a JSON object, not an array
            "text"                    | (body): must be a JSON object, not a string
            {"body":"x"}              | channel: is required
            {"channel":42,"body":"x"} | channel: must be a string, not a number
            {"channel":"C1","title":["a"]} | title: must be a string, not an array
            {"channel":"C1","body":"x","mrkdwn":"yes"} | mrkdwn: must be true or false, not a string
            {"channel":"C1","body":"x","extra_blocks":{}} | extra_blocks: must be an array of objects, not an object
            {"channel":"C1","body":"x","extra_blocks":[1]} | extra_blocks[0]: must be an object, not a number
            {"channel":"C1","body":"x","mentions":"U1"} | mentions: must be an array of strings, not a string
            {"channel":"C1","body":"x","mentions":[7]} | mentions[0]: must be a string, not a number
            {"channel":"C1","body":"x","v":"1"}    | v: must be an integer, not a string
            {"channel":"C1","body":"x","v":2}      | v: unsupported format version 2
            {"channel":"C1","body":"x","priority":"high"} | priority: must be "normal" or "urgent", not "high"
            {"channel":"C1","body":"x","priority":"URGENT"} | priority: must be "normal" or "urgent", not "URGENT"
            {"channel":"C1","body":"x","priority":1} | priority: must be a string, not a number
            """)
    void rejectsPoisonNamingTheFieldAndReason(String json, String expected) {
        assertThatThrownBy(() -> WireFormat.decode(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void flagsAnUnknownVersionAsSuchSoTheRelayCanSayWhy() {
        InvalidMessageException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidMessageException.class,
                () -> WireFormat.decode("{\"channel\":\"C1\",\"body\":\"x\",\"v\":3}"));

        assertThat(e.isUnsupportedVersion()).isTrue();
        assertThat(e.field()).isEqualTo("v");
    }

    @Test
    void typesEveryFaultWithACodeSoNoCallerReadsTheText() {
        assertThat(codes("not json")).containsExactly(Violation.Code.MALFORMED);
        assertThat(codes("[1]")).containsExactly(Violation.Code.MALFORMED);
        assertThat(codes("{\"channel\":1,\"body\":\"x\"}")).containsExactly(Violation.Code.WRONG_TYPE);
        assertThat(codes("{\"body\":\"x\"}")).containsExactly(Violation.Code.MISSING);
        assertThat(codes("{\"channel\":\"C1\",\"body\":\"x\",\"message\":\"y\"}"))
                .containsExactly(Violation.Code.INVALID);
        assertThat(codes("{\"channel\":\"C1\",\"body\":\"x\",\"v\":9}"))
                .containsExactly(Violation.Code.UNSUPPORTED_VERSION);
    }

    private static java.util.Set<Violation.Code> codes(String json) {
        return org.junit.jupiter.api.Assertions.assertThrows(InvalidMessageException.class,
                () -> WireFormat.decode(json)).codes();
    }

    @Test
    void reportsEveryWrongFieldAtOnce() {
        InvalidMessageException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidMessageException.class,
                () -> WireFormat.decode("{\"channel\":1,\"title\":2,\"username\":false}"));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("channel", "title", "username");
    }
}
