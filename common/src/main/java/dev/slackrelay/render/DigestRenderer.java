package dev.slackrelay.render;

import static dev.slackrelay.model.SlackLimits.BLOCK_TEXT_BUDGET;
import static dev.slackrelay.model.SlackLimits.MAX_BLOCKS;

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
     * defaults applied), thread, mrkdwn trust and unfurling, since a post has one of each; and neither carries
     * attachments, which belong to the post as a whole, nor a thread or update key, files or a broadcast reply.
     */
    public static boolean compatible(SlackMessage first, SlackMessage next) {
        return Objects.equals(first.channel(), next.channel())
                && Objects.equals(username(first), username(next))
                && Objects.equals(icon(first), icon(next))
                && Objects.equals(first.iconUrl(), next.iconUrl())
                && Objects.equals(first.threadTs(), next.threadTs())
                && first.mrkdwn() == next.mrkdwn()
                && Objects.equals(first.unfurlLinks(), next.unfurlLinks())
                && Objects.equals(first.unfurlMedia(), next.unfurlMedia())
                && first.attachments() == null && next.attachments() == null
                && !alone(first) && !alone(next);
    }

    /**
     * Keyed messages, messages with files and e-mail mentions are posted one by one: each is looked up, updated or
     * followed apart.
     */
    private static boolean alone(SlackMessage m) {
        return m.threadKey() != null || m.updateKey() != null || !m.files().isEmpty() || m.replyBroadcast()
                || m.hasEmailMentions();
    }

    /**
     * One post carrying every message in order, or empty when they do not fit in one (see {@link Digest#add}). One
     * message renders exactly as {@link BlockKitRenderer#render} renders it.
     *
     * @param messages at least one; each pair {@link #compatible}
     * @throws IllegalArgumentException if {@code messages} is empty or holds incompatible messages
     * @throws dev.slackrelay.model.InvalidMessageException if a message cannot be posted at all
     */
    public static Optional<RenderedMessage> render(List<SlackMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one message");
        }
        Digest digest = start(messages.get(0));
        for (SlackMessage message : messages.subList(1, messages.size())) {
            if (!compatible(messages.get(0), message)) {
                throw new IllegalArgumentException("messages that cannot share a post");
            }
            if (!digest.add(message)) {
                return Optional.empty();
            }
        }
        return Optional.of(digest.render());
    }

    /**
     * A digest that starts with {@code first}, for adding messages one at a time: each is rendered once.
     *
     * @throws dev.slackrelay.model.InvalidMessageException if {@code first} cannot be posted at all
     */
    public static Digest start(SlackMessage first) {
        return new Digest(first);
    }

    /** A post being filled, message by message, in order. Not thread-safe. */
    public static final class Digest {
        private final SlackMessage first;
        private final RenderedMessage firstRendered;
        /** Every notification's blocks after the opening divider, each followed by a divider of its own. */
        private final ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
        private int text;
        private int size = 1;

        private Digest(SlackMessage first) {
            this.first = first;
            this.firstRendered = BlockKitRenderer.render(first);
            appendTo(blocks, first, firstRendered);
            text = BlockText.length(blocks);
        }

        /**
         * Adds {@code next} if it may share this post and the post still fits Slack's limits with it: at most
         * {@link dev.slackrelay.model.SlackLimits#MAX_BLOCKS} blocks and
         * {@link dev.slackrelay.model.SlackLimits#BLOCK_TEXT_BUDGET} characters of block text, and no message that
         * had to be truncated to fit alone. Otherwise leaves the digest as it was.
         *
         * @return whether it was added
         * @throws dev.slackrelay.model.InvalidMessageException if {@code next} cannot be posted at all
         */
        public boolean add(SlackMessage next) {
            if (!compatible(first, next) || firstRendered.truncated()) {
                return false;
            }
            RenderedMessage rendered = BlockKitRenderer.render(next);
            if (rendered.truncated()) {
                return false;
            }
            ArrayNode own = JsonNodeFactory.instance.arrayNode();
            appendTo(own, next, rendered);
            int ownText = BlockText.length(own);
            // the digest's opening divider, then every notification's blocks
            if (1 + blocks.size() + own.size() > MAX_BLOCKS || text + ownText > BLOCK_TEXT_BUDGET) {
                return false;
            }
            blocks.addAll(own);
            text += ownText;
            size++;
            return true;
        }

        /** How many messages it carries. */
        public int size() {
            return size;
        }

        /** The post: as {@link BlockKitRenderer#render} lays out a single message, or the digest of several. */
        public RenderedMessage render() {
            if (size == 1) {
                return firstRendered;
            }
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            all.addObject().put("type", "divider");
            all.addAll(blocks);
            String preview = firstRendered.text();
            if (preview.length() > FIRST_PREVIEW_MAX) {
                int cut = Character.isHighSurrogate(preview.charAt(FIRST_PREVIEW_MAX - 1)) ? FIRST_PREVIEW_MAX - 1
                        : FIRST_PREVIEW_MAX;
                preview = preview.substring(0, cut).stripTrailing();
            }
            return new RenderedMessage(first.channel(), size + " notifications: " + preview + " …", all,
                    firstRendered.username(), firstRendered.iconEmoji(), firstRendered.threadTs(), false, null,
                    firstRendered.iconUrl(), firstRendered.unfurlLinks(), firstRendered.unfurlMedia(), false, null);
        }

        /**
         * A notification's part of a digest: its blocks between the renderer's dividers (or, posted as given, its
         * raw blocks, or its text when it has none), then a divider.
         */
        private static void appendTo(ArrayNode out, SlackMessage message, RenderedMessage rendered) {
            ArrayNode own = rendered.blocks();
            if (message.postedAsGiven()) {
                if (own.isEmpty()) {
                    ObjectNode section = out.addObject().put("type", "section");
                    section.putObject("text").put("type", "mrkdwn").put("text", rendered.text());
                } else {
                    out.addAll(own);
                }
                out.addObject().put("type", "divider");
                return;
            }
            boolean untitled = message.title() == null || message.title().isEmpty();
            if (own.size() <= 2 || untitled && message.text() != null && !message.text().isEmpty()) {
                // Its own notification text, which Slack shows only for a post of its own, heads it here: a digest
                // has one notification text, and the message would otherwise lose its headline or vanish.
                ObjectNode section = out.addObject().put("type", "section");
                section.putObject("text").put("type", "mrkdwn").put("text", rendered.text());
            }
            for (int i = 1; i < own.size(); i++) {
                out.add(own.get(i));
            }
        }
    }

    private static String username(SlackMessage m) {
        return m.username() != null ? m.username() : SlackMessage.DEFAULT_USERNAME;
    }

    private static String icon(SlackMessage m) {
        return m.iconEmoji() != null ? m.iconEmoji() : m.iconUrl() != null ? null : SlackMessage.DEFAULT_ICON_EMOJI;
    }
}
