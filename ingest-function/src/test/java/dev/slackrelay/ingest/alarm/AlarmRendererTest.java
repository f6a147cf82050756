package dev.slackrelay.ingest.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishOptions;
import dev.slackrelay.publisher.internal.EnvelopeFactory;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample notifications of {@code events/sns-*.json}, and odd input, rendered for the alarm channel. */
class AlarmRendererTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String CHANNEL = "C0ALARMS";
    private static final AlarmRenderer WITH_URGENT_LANE = AlarmRenderer.create(CHANNEL, true);
    private static final AlarmRenderer WITHOUT_URGENT_LANE = AlarmRenderer.create(CHANNEL, false);

    /** The {@code Sns} object of the first record of a sample event file, as the host hands it over. */
    static SnsNotification sample(String file) {
        try (InputStream in = AlarmRendererTest.class.getResourceAsStream("/events/" + file)) {
            assertThat(in).as("events/" + file + " on the test class path").isNotNull();
            JsonNode sns = JSON.readTree(in).path("Records").path(0).path("Sns");
            return new SnsNotification(sns.path("MessageId").textValue(), sns.path("TopicArn").textValue(),
                    sns.path("Subject").textValue(), sns.path("Message").textValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rendersAnAlarmWithItsStateChangeReasonFieldsAndConsoleLink() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-cloudwatch-alarm.json")));

        assertThat(message.channel()).isEqualTo(CHANNEL);
        assertThat(message.title())
                .isEqualTo(":rotating_light: ALARM: slack-relay-OldestMessageAlarm-1L9ZKQ0XW7C2M (was OK)");
        assertThat(message.body()).startsWith("Slack messages in slack-relay wait longer than 900 s.\n\n"
                + "Threshold Crossed: 5 out of the last 5 datapoints [1312.0");
        assertThat(message.mrkdwn()).as("untrusted title and body are escaped by the relay").isFalse();
        assertThat(message.text())
                .isEqualTo("ALARM: slack-relay-OldestMessageAlarm-1L9ZKQ0XW7C2M in US East (N. Virginia)");
        assertThat(fields(message)).containsExactly(
                "*Metric*\nApproximateAgeOfOldestMessage",
                "*Namespace*\nAWS/SQS",
                "*Dimensions*\nQueueName=slack-relay.fifo",
                "*Condition*\nMAXIMUM &gt; 900.0 for 5 periods of 60 s",
                "*Region*\nUS East (N. Virginia) · us-east-1",
                "*Account*\n123456789012",
                "*Time*\n2026-11-29 22:15:03 UTC");
        assertThat(link(message)).isEqualTo("<https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
                + "#alarmsV2:alarm/slack-relay-OldestMessageAlarm-1L9ZKQ0XW7C2M|View the alarm in the CloudWatch console>");
        assertThat(message.priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void anAlarmIsNormalWithoutAnUrgentLane() {
        assertThat(WITHOUT_URGENT_LANE.render(sample("sns-cloudwatch-alarm.json")).priority())
                .isEqualTo(Priority.NORMAL);
    }

    @Test
    void rendersTheReturnToOkAsNormal() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-cloudwatch-ok.json")));

        assertThat(message.title())
                .isEqualTo(":white_check_mark: OK: slack-relay-DeadLetterQueueAlarm-7TQ2MZP0Y4RA (was ALARM)");
        assertThat(message.body()).endsWith("was not greater than the threshold (0.0).");
        assertThat(fields(message)).contains("*Dimensions*\nQueueName=slack-relay-dlq.fifo",
                "*Condition*\nMAXIMUM &gt; 0.0 for 1 period of 60 s");
        assertThat(message.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void rendersInsufficientDataWithoutADescriptionAndEncodesTheNameInTheLink() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-cloudwatch-insufficient.json")));

        assertThat(message.title()).isEqualTo(":grey_question: INSUFFICIENT_DATA: orders-api Errors (was OK)");
        assertThat(message.body()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");
        assertThat(fields(message)).containsExactly(
                "*Metric*\nErrors",
                "*Namespace*\nAWS/Lambda",
                "*Dimensions*\nFunctionName=orders-api, Resource=live",
                "*Condition*\nSUM ≥ 1.0 for 1 period of 300 s",
                "*Region*\nEU (Ireland) · eu-west-1",
                "*Account*\n123456789012",
                "*Time*\n2026-11-29 21:05:41 UTC");
        assertThat(link(message)).startsWith("<https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
                + "#alarmsV2:alarm/orders-api%20Errors|");
        assertThat(message.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void rendersAMetricMathAlarmWithItsExpressionAndTheMetricsItReads() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-cloudwatch-metric-math.json")));

        assertThat(message.title()).isEqualTo(":rotating_light: ALARM: checkout-api 5xx rate (was OK)");
        assertThat(fields(message)).containsExactly(
                "*Metric*\nrate = 100 * errors / requests (5xx rate (%))\nerrors = AWS/ApiGateway 5xx (Sum)\n"
                        + "requests = AWS/ApiGateway Count (Sum)",
                "*Namespace*\nAWS/ApiGateway",
                "*Dimensions*\nApiId=a1b2c3d4e5, Stage=$default",
                "*Condition*\n&gt; 5.0 for 3 periods of 60 s",
                "*Region*\nAsia Pacific (Sydney) · ap-southeast-2",
                "*Account*\n123456789012",
                "*Time*\n2026-11-29 20:42:12 UTC");
        assertThat(link(message)).startsWith("<https://ap-southeast-2.console.aws.amazon.com/cloudwatch/home"
                + "?region=ap-southeast-2#alarmsV2:alarm/checkout-api%205xx%20rate|");
        assertThat(message.priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void rendersACompositeAlarmWithItsRuleAndTriggeringChildren() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-cloudwatch-composite.json")));

        assertThat(message.title()).isEqualTo(":rotating_light: ALARM: checkout degraded (was OK)");
        assertThat(message.body()).startsWith("Checkout is failing or slow.\n\narn:aws:cloudwatch:us-west-2:");
        assertThat(fields(message)).containsExactly(
                "*Rule*\nALARM(\"checkout-api 5xx rate\") OR ALARM(\"checkout-api p99 latency\")",
                "*Triggered by*\ncheckout-api 5xx rate (ALARM)",
                "*Region*\nUS West (Oregon) · us-west-2",
                "*Account*\n123456789012",
                "*Time*\n2026-11-29 20:42:13 UTC");
        assertThat(link(message)).startsWith("<https://us-west-2.console.aws.amazon.com/cloudwatch/home"
                + "?region=us-west-2#alarmsV2:alarm/checkout%20degraded|");
        assertThat(message.priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void rendersAnyOtherNotificationAsPlainTextUnderItsSubject() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(sample("sns-plain-message.json")));

        assertThat(message.title()).isEqualTo("Deploy finished: orders-api v2.14.0");
        assertThat(message.body()).startsWith("orders-api v2.14.0 is live in production")
                .contains("\nChanges: https://github.com/example/orders-api/compare/v2.13.2...v2.14.0");
        assertThat(message.mrkdwn()).isFalse();
        assertThat(message.username()).isEqualTo(AlarmRenderer.SNS_USERNAME);
        assertThat(message.extraBlocks()).singleElement()
                .satisfies(b -> assertThat(b.toString()).contains("SNS topic deploys"));
        assertThat(message.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void postsAMalformedAlarmAsPlainText() {
        String truncated = "{\"AlarmName\":\"x\",\"NewStateValue\":\"ALARM\",\"NewStateReason\":\"Thresh";

        SlackMessage message = postable(WITH_URGENT_LANE.render(
                new SnsNotification("id-1", null, "ALARM: \"x\" in EU (Ireland)", truncated)));

        assertThat(message.title()).isEqualTo("ALARM: \"x\" in EU (Ireland)");
        assertThat(message.body()).isEqualTo(truncated);
        assertThat(message.priority()).isEqualTo(Priority.NORMAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"AlarmName\":\"x\",\"NewStateValue\":\"PENDING\"}",
            "{\"AlarmName\":\"\",\"NewStateValue\":\"ALARM\"}",
            "{\"AlarmName\":{\"nested\":1},\"NewStateValue\":\"ALARM\"}",
            "{\"NewStateValue\":\"ALARM\"}",
            "[{\"AlarmName\":\"x\",\"NewStateValue\":\"ALARM\"}]",
            "{\"AlarmName\":\"x\",\"NewStateValue\":\"ALARM\"} trailing",
            "null",
            "{}"})
    void postsJsonThatIsNoAlarmAsPlainText(String message) {
        SlackMessage rendered = postable(WITH_URGENT_LANE.render(new SnsNotification("id-2", null, null, message)));

        assertThat(rendered.title()).isNull();
        assertThat(rendered.body()).isEqualTo(message);
        assertThat(rendered.username()).isEqualTo(AlarmRenderer.SNS_USERNAME);
    }

    @Test
    void toleratesAnAlarmWithNothingButItsNameAndState() {
        SlackMessage message = postable(WITH_URGENT_LANE.render(new SnsNotification(null, null, null,
                "{\"AlarmName\":\"bare\",\"NewStateValue\":\"ALARM\",\"AlarmArn\":\"not an arn\","
                        + "\"Trigger\":{\"Metrics\":\"oops\",\"Dimensions\":7},\"TriggeringChildren\":[1,{\"Arn\":2}],"
                        + "\"StateChangeTime\":\"yesterday\"}")));

        assertThat(message.title()).isEqualTo(":rotating_light: ALARM: bare");
        assertThat(message.body()).isNull();
        assertThat(fields(message)).containsExactly("*Time*\nyesterday");
        assertThat(link(message)).as("no region, no link").isNull();
    }

    @Test
    void buildsNoLinkFromARegionThatIsNotARegionCode() {
        SlackMessage message = WITH_URGENT_LANE.render(new SnsNotification(null, null, null,
                "{\"AlarmName\":\"a\",\"NewStateValue\":\"OK\","
                        + "\"AlarmArn\":\"arn:aws:cloudwatch:evil.example.com/x?:123456789012:alarm:a\"}"));

        assertThat(link(message)).isNull();
    }

    @Test
    void linksToTheConsoleOfTheAlarmsPartition() {
        SlackMessage message = WITH_URGENT_LANE.render(new SnsNotification(null, null, null,
                "{\"AlarmName\":\"a|b>c\",\"NewStateValue\":\"OK\","
                        + "\"AlarmArn\":\"arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:a|b>c\"}"));

        assertThat(link(message)).isEqualTo("<https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1"
                + "#alarmsV2:alarm/a%7Cb%3Ec|View the alarm in the CloudWatch console>");
    }

    @Test
    void keepsBroadcastMentionsAndMarkupInAlarmTextInert() {
        String hostile = "<!channel> <@U123> <https://evil.example|click> & more";
        ObjectNode alarm = JSON.createObjectNode().put("AlarmName", hostile).put("AlarmDescription", hostile)
                .put("NewStateValue", "ALARM").put("NewStateReason", hostile).put("Region", hostile)
                .put("AWSAccountId", hostile).put("StateChangeTime", hostile).put("AlarmRule", hostile);
        ObjectNode trigger = alarm.putObject("Trigger").put("MetricName", hostile).put("Namespace", hostile)
                .put("ComparisonOperator", hostile).put("Threshold", hostile);
        trigger.putArray("Dimensions").addObject().put("name", hostile).put("value", hostile);

        SlackMessage message = postable(WITH_URGENT_LANE.render(new SnsNotification("id", null, hostile,
                alarm.toString())));
        RenderedMessage rendered = BlockKitRenderer.render(message);

        assertThat(rendered.blocks().toString()).doesNotContain("<!channel>", "<@U123>", "<https://evil")
                .contains("&lt;!channel&gt;");
        assertThat(rendered.text()).doesNotContain("<!channel>", "<@U123>");
    }

    static Stream<Arguments> oddNotifications() {
        String huge = "x".repeat(300_000);
        String deep = "[".repeat(100_000);
        return Stream.of(
                Arguments.of("no subject, no message", new SnsNotification(null, null, null, null)),
                Arguments.of("blank subject and message", new SnsNotification(" ", " ", " \n", "  ")),
                Arguments.of("a message of 300,000 characters", new SnsNotification("m", null, "big", huge)),
                Arguments.of("escapes that multiply its size", new SnsNotification("m", null, null,
                        "<&>\u0001".repeat(60_000))),
                Arguments.of("deep nesting", new SnsNotification("m", null, null, "{\"a\":" + deep)),
                Arguments.of("characters SQS refuses", new SnsNotification("m", "arn:aws:sns:x:1:t\uFFFE",
                        "s\uFFFF", "a\uFFFEb\uD800c")),
                Arguments.of("an alarm with huge fields", new SnsNotification("m", null, null,
                        JSON.createObjectNode().put("AlarmName", "n".repeat(5000)).put("NewStateValue", "ALARM")
                                .put("OldStateValue", "o".repeat(5000)).put("AlarmDescription", huge)
                                .put("NewStateReason", huge).put("AlarmRule", huge).put("Region", huge)
                                .put("AWSAccountId", huge).put("StateChangeTime", huge)
                                .put("AlarmArn", "arn:aws:cloudwatch:us-east-1:1:alarm:" + huge)
                                .set("Trigger", JSON.createObjectNode().put("MetricName", huge)
                                        .put("Namespace", huge).put("ComparisonOperator", huge)
                                        .put("Threshold", huge)).toString())),
                Arguments.of("a subject with an emoji cut in half", new SnsNotification("m", null,
                        "s".repeat(AlarmRenderer.TITLE_NAME_MAX - 2) + "😀😀", "😀".repeat(20_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddNotifications")
    void rendersOddInputIntoAMessageThePublisherAccepts(String description, SnsNotification notification) {
        postable(WITH_URGENT_LANE.render(notification));
    }

    @Test
    void refusesAChannelThatCannotBeOne() {
        assertThatThrownBy(() -> AlarmRenderer.create("# alerts", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlarmRenderer.create(null, true)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Asserts the message passes what the publisher checks (validation, rendering, SQS text and size). */
    private static SlackMessage postable(SlackMessage message) {
        MessageValidator.validate(message);
        BlockKitRenderer.render(message);
        new EnvelopeFactory(null).prepare(0, message, PublishOptions.withIdempotencyKey("id"));
        return message;
    }

    private static List<String> fields(SlackMessage message) {
        List<String> out = new ArrayList<>();
        for (ObjectNode block : message.extraBlocks()) {
            block.path("fields").forEach(f -> out.add(f.path("text").textValue()));
        }
        return out;
    }

    private static String link(SlackMessage message) {
        return message.extraBlocks().stream().filter(b -> b.path("type").asText().equals("context"))
                .map(b -> b.path("elements").path(0).path("text").textValue())
                .filter(t -> t.contains("console")).findFirst().orElse(null);
    }
}
