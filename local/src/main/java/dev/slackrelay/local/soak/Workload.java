package dev.slackrelay.local.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slackrelay.local.soak.Scenario.Fault;
import dev.slackrelay.model.SlackMessage;

/**
 * The channels of one scenario and what is published to each: numbered messages of mixed shapes whose fallback text
 * starts with a marker ({@code soak:#h01:17}) that identifies them in the emulator's record, and, in the poison
 * scenario, foreign bodies the relay cannot decode. Stateless and thread-safe.
 */
final class Workload {

    /** What a channel is there for. */
    enum Role {
        /** No fault is aimed at it: it must keep delivering whatever happens elsewhere. */
        HEALTHY,
        /** Slack allows it far fewer posts than the relay's pace: a 429 storm. */
        STORM,
        /** Slack does not know it: every message is dead-lettered {@code channel_not_found}. */
        NOT_FOUND,
        /** Archived: every message is dead-lettered {@code is_archived}. */
        ARCHIVED
    }

    record Channel(String name, Role role) {
    }

    /** One message to queue, in its channel's order. */
    sealed interface Item {
        /** The SQS message group: the channel. */
        String group();

        /** A valid message through the publisher; {@code seq} counts from 1 per channel. */
        record Numbered(String group, int seq, SlackMessage message) implements Item {
        }

        /** A body a foreign producer sends straight to SQS; the relay must dead-letter it with this reason. */
        record Poison(String group, String kind, String body, String expectedReason) implements Item {
        }
    }

    static final String NOT_FOUND_CHANNEL = "#gone";
    static final String ARCHIVED_CHANNEL = "#archived";
    private static final List<String> STORM_CHANNELS = List.of("#storm-1", "#storm-2");
    private static final Pattern MARKER = Pattern.compile("soak:([^\\s:]+):(\\d+)");

    /** A foreign body: {@code %s} is the channel. */
    private record PoisonKind(String kind, String template, String expectedReason) {
    }

    private static final List<PoisonKind> POISON = List.of(
            new PoisonKind("not JSON", "nightly backup of %s finished", "invalid_message"),
            new PoisonKind("truncated JSON", "{\"channel\":\"%s\",\"body\":\"export done\"", "invalid_message"),
            new PoisonKind("trailing garbage", "{\"channel\":\"%s\",\"body\":\"export done\"} --", "invalid_message"),
            new PoisonKind("array", "[\"%s\",\"export done\"]", "invalid_message"),
            new PoisonKind("misspelled channel", "{\"chanel\":\"%s\",\"message\":\"backup done\"}", "invalid_message"),
            new PoisonKind("number for title", "{\"channel\":\"%s\",\"title\":42}", "invalid_message"),
            new PoisonKind("future version", "{\"v\":99,\"channel\":\"%s\",\"body\":\"new shape\"}",
                    "unsupported_version"));

    private Workload() {
    }

    /** The channels of {@code scenario}: the healthy ones, then storm and dead ones if it injects them. */
    static List<Channel> channels(Scenario scenario, SoakOptions options) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 1; i <= options.channels(); i++) {
            channels.add(new Channel(String.format("#h%02d", i), Role.HEALTHY));
        }
        if (scenario.has(Fault.RATE_LIMIT_STORM)) {
            STORM_CHANNELS.forEach(name -> channels.add(new Channel(name, Role.STORM)));
        }
        if (scenario.has(Fault.DEAD_CHANNELS)) {
            channels.add(new Channel(NOT_FOUND_CHANNEL, Role.NOT_FOUND));
            channels.add(new Channel(ARCHIVED_CHANNEL, Role.ARCHIVED));
        }
        return List.copyOf(channels);
    }

    /** What is published to {@code channel}, in order; poison is mixed in at random places if {@code poison}. */
    static List<Item> items(Channel channel, SoakOptions options, boolean poison, SplittableRandom random) {
        int count = channel.role() == Role.HEALTHY ? options.messagesPerChannel()
                : options.troubledMessagesPerChannel();
        List<Item> items = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            items.add(new Item.Numbered(channel.name(), seq, numbered(channel.name(), seq)));
        }
        if (poison && channel.role() == Role.HEALTHY) {
            for (int i = 0; i < options.poisonPerChannel(); i++) {
                PoisonKind kind = POISON.get(random.nextInt(POISON.size()));
                items.add(random.nextInt(items.size() + 1), new Item.Poison(channel.name(), kind.kind(),
                        kind.template().formatted(channel.name()), kind.expectedReason()));
            }
        }
        return List.copyOf(items);
    }

    /** Message {@code seq} of {@code channel}; the shape varies with {@code seq}. */
    static SlackMessage numbered(String channel, int seq) {
        String marker = "soak:" + channel + ":" + seq;
        SlackMessage.Builder message = SlackMessage.builder(channel);
        return switch (seq % 6) {
            case 0 -> message.title(marker + " Build passed").body("task " + seq + ": " + (1_000 + seq * 37)
                    + " rows in " + (3 + seq % 40) + " s").build();
            // untrusted text that tries to page the channel: must arrive escaped
            case 1 -> message.title(marker + " Import warning").body("row " + seq + " rejected\nthe file said: "
                    + "<!channel> look at this & fix <@U0123ABCD>\nsee the log").build();
            case 2 -> message.title(marker + " Report").body(longBody(seq)).username("report-bot")
                    .iconEmoji(":bar_chart:").build();
            case 3 -> message.title(marker + " Export done").body("42 files").extraBlock(
                    "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"run " + seq + "\"}]}")
                    .build();
            case 4 -> message.text(marker + " cleanup finished").body("removed " + seq + " stale snapshots").build();
            default -> message.title(marker + " Deploy").body("*release " + seq + "* is out: "
                    + "<https://example.com/releases/" + seq + "|notes>").mrkdwn(true).build();
        };
    }

    /** Long enough that the renderer splits it into several sections. */
    private static String longBody(int seq) {
        StringBuilder body = new StringBuilder();
        for (int line = 1; body.length() < 4_500; line++) {
            body.append("line ").append(line).append(" of report ").append(seq).append(": ")
                    .append("x".repeat(60)).append('\n');
        }
        return body.toString();
    }

    /** The channel and number of a soak message, from the text Slack received. */
    static Optional<Marker> marker(String text) {
        Matcher matcher = MARKER.matcher(text == null ? "" : text);
        return matcher.find() ? Optional.of(new Marker(matcher.group(1), Integer.parseInt(matcher.group(2))))
                : Optional.empty();
    }

    record Marker(String channel, int seq) {
    }
}
