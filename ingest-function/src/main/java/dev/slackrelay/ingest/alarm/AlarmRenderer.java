package dev.slackrelay.ingest.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.ingest.alarm.internal.AlarmState;
import dev.slackrelay.ingest.alarm.internal.CloudWatchAlarm;
import dev.slackrelay.ingest.alarm.internal.SnsContent;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.queue.SqsLimits;
import dev.slackrelay.queue.SqsText;
import dev.slackrelay.render.BlockKitRenderer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders an SNS notification as a relay message for one channel: a CloudWatch alarm state change as a titled
 * message with its reason, the alarm's metric, namespace, dimensions, condition, region, account and time as fields,
 * and a link to the alarm in the console; any other notification as plain text (its subject as the title). Stateless
 * apart from its configuration; thread-safe.
 *
 * <p>Everything in a notification is untrusted: the title and body travel with {@code mrkdwn: false} (the relay
 * escapes them), and the fields, written as mrkdwn, are escaped here. The result always passes
 * {@link dev.slackrelay.model.MessageValidator} and fits an SQS message: long texts are cut with a visible marker,
 * characters SQS refuses become U+FFFD, and input that is odd in any way is posted as plain text rather than refused.
 */
public final class AlarmRenderer {

    /** A plain notification's body is cut to this many characters; the relay shows about 10,000 in all. */
    static final int PLAIN_BODY_MAX = 9_000;
    /** Alarm description and reason are each cut to this (CloudWatch allows 1,024 characters per description). */
    static final int ALARM_TEXT_MAX = 3_000;
    /** Each field value is cut to this: ten fields stay under Slack's 2,000 per field and the extra-block budget. */
    static final int FIELD_MAX = 400;
    static final int TITLE_NAME_MAX = 255;
    static final String ALARM_USERNAME = "CloudWatch";
    static final String SNS_USERNAME = "Amazon SNS";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final String channel;
    private final boolean urgentLane;

    private AlarmRenderer(String channel, boolean urgentLane) {
        this.channel = channel;
        this.urgentLane = urgentLane;
    }

    /**
     * A renderer for {@code channel}.
     *
     * @param urgentLane whether the relay has an urgent queue: then an alarm entering {@code ALARM} is
     *                   {@link Priority#URGENT}; everything else is always {@link Priority#NORMAL}
     * @throws IllegalArgumentException if {@code channel} cannot be a relay channel (1–128 printable ASCII characters
     *                                  without spaces)
     */
    public static AlarmRenderer create(String channel, boolean urgentLane) {
        if (channel == null || !SqsLimits.isFifoId(channel)) {
            throw new IllegalArgumentException("the alarm channel must be a Slack channel ID or #name (1-128 printable"
                    + " ASCII characters without spaces), not \"" + channel + "\"");
        }
        return new AlarmRenderer(channel, urgentLane);
    }

    /** The message for {@code notification}; never throws for anything SNS delivers. */
    public SlackMessage render(SnsNotification notification) {
        Objects.requireNonNull(notification, "notification");
        return switch (SnsContent.of(notification)) {
            case CloudWatchAlarm alarm -> alarm(alarm);
            case SnsContent.PlainText plain -> plain(plain);
        };
    }

    private SlackMessage alarm(CloudWatchAlarm alarm) {
        String name = clip(clean(alarm.name()), TITLE_NAME_MAX);
        AlarmState state = alarm.newState();
        String title = state.emoji() + " " + state.name() + ": " + name
                + (alarm.oldState() == null ? "" : " (was " + clip(clean(alarm.oldState()), 40) + ")");
        String region = alarm.regionName() != null ? clean(alarm.regionName()) : alarm.regionCode();
        String body = join("\n\n", clip(clean(alarm.description()), ALARM_TEXT_MAX),
                clip(clean(alarm.reason()), ALARM_TEXT_MAX));

        List<String> fields = new ArrayList<>();
        field(fields, "Metric", alarm.metric());
        field(fields, "Namespace", alarm.namespace());
        field(fields, "Dimensions", alarm.dimensions().isEmpty() ? null : String.join(", ", alarm.dimensions()));
        field(fields, "Condition", alarm.condition());
        field(fields, "Rule", alarm.alarmRule());
        field(fields, "Triggered by",
                alarm.triggeringChildren().isEmpty() ? null : String.join("\n", alarm.triggeringChildren()));
        field(fields, "Region", alarm.regionName() != null && alarm.regionCode() != null
                ? alarm.regionName() + " · " + alarm.regionCode() : region);
        field(fields, "Account", alarm.accountId());
        field(fields, "Time", time(alarm.stateChangeTime()));

        SlackMessage.Builder message = SlackMessage.builder(channel)
                .title(title)
                .body(body)
                .text(state.name() + ": " + name + (region == null ? "" : " in " + region))
                .username(ALARM_USERNAME)
                .priority(state == AlarmState.ALARM && urgentLane ? Priority.URGENT : Priority.NORMAL);
        if (!fields.isEmpty()) {
            ArrayNode items = JSON.arrayNode();
            fields.forEach(f -> items.addObject().put("type", "mrkdwn").put("text", f));
            ObjectNode section = JSON.objectNode().put("type", "section");
            section.set("fields", items);
            message.extraBlock(section);
        }
        String url = alarm.consoleUrl();
        if (url != null) {
            message.extraBlock(context("<" + url + "|View the alarm in the CloudWatch console>"));
        }
        return message.build();
    }

    private SlackMessage plain(SnsContent.PlainText plain) {
        String subject = clean(plain.subject());
        String body = clean(plain.message());
        if (body != null && body.length() > PLAIN_BODY_MAX) {
            int cut = cutPoint(body, PLAIN_BODY_MAX);
            body = body.substring(0, cut) + "\n… (truncated: " + (body.length() - cut) + " more characters)";
        }
        if (subject == null && body == null) {
            body = "(an SNS notification without subject or message)";
        }
        SlackMessage.Builder message = SlackMessage.builder(channel)
                .title(subject == null ? null : clip(subject, TITLE_NAME_MAX))
                .body(body)
                .username(SNS_USERNAME);
        String topic = topicName(plain.topicArn());
        if (topic != null) {
            message.extraBlock(context("SNS topic " + BlockKitRenderer.escape(clip(topic, FIELD_MAX))));
        }
        return message.build();
    }

    private static void field(List<String> fields, String label, String value) {
        String clean = clip(clean(value), FIELD_MAX);
        if (clean != null) {
            fields.add("*" + label + "*\n" + BlockKitRenderer.escape(clean));
        }
    }

    private static ObjectNode context(String mrkdwn) {
        ObjectNode context = JSON.objectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", mrkdwn);
        return context;
    }

    /** {@code 2015-06-03 17:43:27 UTC} for CloudWatch's {@code 2015-06-03T17:43:27.123+0000}; anything else as sent. */
    private static String time(String stateChangeTime) {
        if (stateChangeTime == null) {
            return null;
        }
        try {
            return SHOWN_TIME.format(OffsetDateTime.parse(stateChangeTime, CLOUDWATCH_TIME)
                    .withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return stateChangeTime;
        }
    }

    private static String topicName(String topicArn) {
        if (topicArn == null || topicArn.isBlank()) {
            return null;
        }
        return clean(topicArn.substring(topicArn.lastIndexOf(':') + 1));
    }

    /** {@code null} for blank text; otherwise the text with every character SQS refuses replaced by U+FFFD. */
    private static String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (SqsText.isValid(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String c = Character.toString(cp);
            out.append(SqsText.isValid(c) ? c : "\uFFFD");
        });
        return out.toString();
    }

    private static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, cutPoint(text, max - 1)) + "…";
    }

    /** {@code max}, or one less if that would split a surrogate pair. */
    private static int cutPoint(String text, int max) {
        return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    }

    private static String join(String separator, String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + separator + b;
    }
}
