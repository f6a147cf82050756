package dev.slackrelay.render;

import static dev.slackrelay.model.SlackLimits.BLOCK_TEXT_BUDGET;
import static dev.slackrelay.model.SlackLimits.FALLBACK_TEXT_MAX;
import static dev.slackrelay.model.SlackLimits.SECTION_TEXT_MAX;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.BlockText;
import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.SlackMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lays a {@link SlackMessage} out as Block Kit within Slack's limits: a divider, the bold title, the body in
 * sections of at most 3,000 characters (split at line breaks), the extra blocks, a divider, and a plain fallback
 * {@code text}. Stateless and thread-safe.
 *
 * <p>Unless the message opts in with {@code mrkdwn: true}, its text is untrusted: {@code &}, {@code <} and
 * {@code >} are escaped in the blocks and the fallback text alike, and broadcast mentions inside extra blocks are
 * defused, so a log line containing {@code <!channel>} cannot page a whole channel. Mentions are made only through
 * the explicit {@code mentions} field.
 */
public final class BlockKitRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ELLIPSIS = "…";
    /** Shortened default fallback text: enough for a notification preview. */
    private static final int DEFAULT_FALLBACK_MAX = 300;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    private BlockKitRenderer() {
    }

    /**
     * Validates and renders a message.
     *
     * @throws dev.slackrelay.model.InvalidMessageException if the message cannot be posted
     */
    public static RenderedMessage render(SlackMessage message) {
        MessageValidator.validate(message);
        if (message.postedAsGiven()) {
            return renderAsGiven(message);
        }
        boolean trusted = message.mrkdwn();
        String mentions = mentionPrefix(message.mentions());
        String title = message.title() == null || message.title().isEmpty() ? null
                : shorten(format(message.title(), trusted).replace('\n', ' '), SECTION_TEXT_MAX - 2);
        String body = format(message.body(), trusted);
        String fullBody = join(" ", mentions, body);

        List<ObjectNode> extras = new ArrayList<>();
        int extraText = 0;
        for (ObjectNode block : message.extraBlocks()) {
            ObjectNode safe = trusted ? block : Broadcasts.defuseWithGroups(block);
            extras.add(safe);
            extraText += BlockText.length(safe);
        }

        int budget = BLOCK_TEXT_BUDGET - extraText - (title == null ? 0 : title.length() + 2);
        boolean truncated = false;
        if (fullBody != null && fullBody.length() > budget) {
            fullBody = truncate(fullBody, budget, trusted);
            truncated = true;
        }

        ArrayNode blocks = JSON.arrayNode();
        blocks.add(divider());
        if (title != null) {
            blocks.add(section("*" + title + "*"));
        }
        if (fullBody != null && !fullBody.isEmpty()) {
            for (String part : split(fullBody, SECTION_TEXT_MAX, trusted)) {
                blocks.add(section(part));
            }
        }
        extras.forEach(blocks::add);
        blocks.add(divider());

        return rendered(message, fallbackText(message, mentions, title, body), blocks, JSON.arrayNode(), truncated);
    }

    /**
     * A message {@linkplain SlackMessage#postedAsGiven() posted as given}: its text (mentions first), raw blocks and
     * attachments, without the layout. Untrusted ones still have their text escaped and their broadcasts defused.
     */
    private static RenderedMessage renderAsGiven(SlackMessage message) {
        boolean trusted = message.mrkdwn();
        ArrayNode blocks = JSON.arrayNode();
        if (message.blocks() != null) {
            message.blocks().forEach(b -> blocks.add(trusted ? b : Broadcasts.defuseWithGroups(b)));
        }
        ArrayNode attachments = JSON.arrayNode();
        if (message.attachments() != null) {
            message.attachments().forEach(a -> attachments.add(trusted ? a : Broadcasts.defuseWithGroups(a)));
        }
        String text = join(" ", mentionPrefix(message.mentions()), format(message.text(), trusted));
        if (text != null) {
            text = shorten(text, FALLBACK_TEXT_MAX);
        } else if (!blocks.isEmpty()) {
            // the notification preview; Slack shows the blocks themselves in the channel
            String first = firstText(blocks);
            text = first == null ? "New message" : shorten(first.replace('\n', ' '), DEFAULT_FALLBACK_MAX);
        } else {
            text = ""; // attachments alone: Slack would show a text above them
        }
        return rendered(message, text, blocks, attachments, false);
    }

    private static RenderedMessage rendered(SlackMessage message, String text, ArrayNode blocks, ArrayNode attachments,
                                            boolean truncated) {
        String iconEmoji = message.iconEmoji() != null ? message.iconEmoji()
                : message.iconUrl() != null ? null : SlackMessage.DEFAULT_ICON_EMOJI;
        return new RenderedMessage(message.channel(), text, blocks,
                message.username() != null ? message.username() : SlackMessage.DEFAULT_USERNAME,
                iconEmoji, message.threadTs(), truncated, attachments,
                iconEmoji == null ? message.iconUrl() : null, message.unfurlLinks(), message.unfurlMedia(),
                message.replyBroadcast(), MessageKeys.metadata(message));
    }

    /** The first text of a block, in order, for a notification preview; {@code null} if none. */
    private static String firstText(JsonNode node) {
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual() && !text.textValue().isBlank()) {
                return text.textValue();
            }
        }
        for (JsonNode child : node) {
            String found = firstText(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Escapes the three characters Slack's mrkdwn treats as control characters. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String fallbackText(SlackMessage message, String mentions, String title, String body) {
        if (message.text() != null && !message.text().isEmpty()) {
            return shorten(format(message.text(), message.mrkdwn()), FALLBACK_TEXT_MAX);
        }
        String derived = join(": ", title, body == null ? null : body.replace('\n', ' '));
        if (derived == null) {
            derived = "New message";
        }
        return join(" ", mentions, shorten(derived, DEFAULT_FALLBACK_MAX));
    }

    private static String mentionPrefix(List<String> mentions) {
        if (mentions.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String m : mentions) {
            parts.add(switch (m) {
                case "here", "channel" -> "<!" + m + ">";
                // an e-mail address the relay could not resolve to a user: named, not mentioned
                default -> m.startsWith("subteam^") ? "<!" + m + ">" : SlackMessage.isEmailMention(m) ? escape(m) : "<@" + m + ">";
            });
        }
        return String.join(" ", parts);
    }

    /** Drops control characters other than newline and tab, normalises line ends, escapes unless trusted. */
    private static String format(String text, boolean trusted) {
        if (text == null) {
            return null;
        }
        String clean = CONTROL.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
        return trusted ? clean : escape(clean);
    }

    /** Cuts {@code text} to at most {@code max} characters including a visible marker saying how much was cut. */
    static String truncate(String text, int max, boolean trusted) {
        int keep = Math.max(0, max - 60);
        int cut = safeCut(text, keep, trusted);
        String marker = "\n" + ELLIPSIS + " _(truncated: " + (text.length() - cut) + " more characters)_";
        return text.substring(0, cut) + marker;
    }

    /** Splits text into parts of at most {@code max} characters, preferring line breaks, then spaces. */
    static List<String> split(String text, int max, boolean trusted) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut <= 0) {
                cut = rest.lastIndexOf(' ', max);
            }
            if (cut <= 0) {
                cut = safeCut(rest, max, trusted);
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut);
            if (rest.startsWith("\n") || rest.startsWith(" ")) {
                rest = rest.substring(1);
            }
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /**
     * The largest index at most {@code max} where text may be cut without splitting a surrogate pair, an
     * {@code &amp;}-style entity or (in trusted mrkdwn) a {@code <link|label>}.
     */
    private static int safeCut(String text, int max, boolean trusted) {
        int hard = Math.min(max, text.length());
        int cut = hard;
        if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        int amp = text.lastIndexOf('&', cut - 1);
        int semi = amp < 0 ? -1 : text.indexOf(';', amp);
        if (amp >= 0 && semi >= cut && semi - amp <= 5) {
            cut = amp;
        }
        if (trusted) {
            int open = text.lastIndexOf('<', cut - 1);
            if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) {
                cut = open;
            }
        }
        return cut > 0 ? cut : hard;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, safeCut(text, max - 1, false)) + ELLIPSIS;
    }

    private static String join(String separator, String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        return a + separator + b;
    }

    private static ObjectNode divider() {
        return JSON.objectNode().put("type", "divider");
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = JSON.objectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
        return section;
    }
}
