package dev.slackrelay.render;

import static dev.slackrelay.model.SlackLimits.BLOCK_TEXT_BUDGET;
import static dev.slackrelay.model.SlackLimits.MAX_BLOCKS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.BlockText;
import dev.slackrelay.model.SlackMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds several messages of one channel into one Slack post, a digest, when they fit in one within Slack's limits.
 * Stateless and thread-safe.
 *
 * <p>Each notification keeps its own look, in order: its blocks as {@link BlockKitRenderer} lays them out (bold
 * title, body sections, extra blocks), separated by dividers; an untitled one with its own notification {@code text}
 * is headed by that text, which a digest would otherwise not show. The fallback {@code text}, which Slack shows in
 * notifications, says how many there are and starts with the first: {@code 3 notifications: <first> …}.
 */
public final class DigestRenderer {

    /** Longest part of the first notification quoted in a digest's fallback text. */
    private static final int FIRST_PREVIEW_MAX = 200;

    private DigestRenderer() {
    }

    /**
     * Whether {@code next} may share a post with {@code first}: the same channel, sender (username and icon, with
     * defaults applied), thread, and mrkdwn trust, since a post has one of each.
     */
    public static boolean compatible(SlackMessage first, SlackMessage next) {
        return Objects.equals(first.channel(), next.channel())
                && Objects.equals(username(first), username(next))
                && Objects.equals(icon(first), icon(next))
                && Objects.equals(first.threadTs(), next.threadTs())
                && first.mrkdwn() == next.mrkdwn();
    }

    /**
     * One post carrying every message in order, or empty when they do not fit in one: more than
     * {@link dev.slackrelay.model.SlackLimits#MAX_BLOCKS} blocks, more block text than
     * {@link dev.slackrelay.model.SlackLimits#BLOCK_TEXT_BUDGET}, or a message that had to be truncated to fit alone.
     * One message renders exactly as {@link BlockKitRenderer#render} renders it.
     *
     * @param messages at least one; each pair {@link #compatible}
     * @throws IllegalArgumentException if {@code messages} is empty or holds incompatible messages
     * @throws dev.slackrelay.model.InvalidMessageException if a message cannot be posted at all
     */
    public static Optional<RenderedMessage> render(List<SlackMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one message");
        }
        SlackMessage first = messages.get(0);
        RenderedMessage firstRendered = BlockKitRenderer.render(first);
        if (messages.size() == 1) {
            return Optional.of(firstRendered);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode blocks = json.arrayNode();
        blocks.add(json.objectNode().put("type", "divider"));
        int text = 0;
        for (SlackMessage message : messages) {
            if (!compatible(first, message)) {
                throw new IllegalArgumentException("messages that cannot share a post");
            }
            RenderedMessage rendered = message == first ? firstRendered : BlockKitRenderer.render(message);
            if (rendered.truncated()) {
                return Optional.empty();
            }
            // its blocks between the renderer's opening and closing dividers, then a divider of its own
            ArrayNode own = rendered.blocks();
            boolean untitled = message.title() == null || message.title().isEmpty();
            if (own.size() <= 2 || untitled && message.text() != null && !message.text().isEmpty()) {
                // Its own notification text, which Slack shows only for a post of its own, heads it here: a digest
                // has one notification text, and the message would otherwise lose its headline or vanish.
                ObjectNode section = blocks.addObject().put("type", "section");
                section.putObject("text").put("type", "mrkdwn").put("text", rendered.text());
                text += rendered.text().length();
            }
            for (int i = 1; i < own.size(); i++) {
                JsonNode block = own.get(i);
                blocks.add(block);
                text += BlockText.length(block);
            }
            if (blocks.size() > MAX_BLOCKS || text > BLOCK_TEXT_BUDGET) {
                return Optional.empty();
            }
        }
        String preview = firstRendered.text();
        if (preview.length() > FIRST_PREVIEW_MAX) {
            int cut = Character.isHighSurrogate(preview.charAt(FIRST_PREVIEW_MAX - 1)) ? FIRST_PREVIEW_MAX - 1
                    : FIRST_PREVIEW_MAX;
            preview = preview.substring(0, cut).stripTrailing();
        }
        String fallback = messages.size() + " notifications: " + preview + " …";
        return Optional.of(new RenderedMessage(first.channel(), fallback, blocks, firstRendered.username(),
                firstRendered.iconEmoji(), firstRendered.threadTs(), false));
    }

    private static String username(SlackMessage m) {
        return m.username() != null ? m.username() : SlackMessage.DEFAULT_USERNAME;
    }

    private static String icon(SlackMessage m) {
        return m.iconEmoji() != null ? m.iconEmoji() : SlackMessage.DEFAULT_ICON_EMOJI;
    }
}
