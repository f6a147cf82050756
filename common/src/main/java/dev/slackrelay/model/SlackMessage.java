package dev.slackrelay.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.Violation.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Slack post as it travels through the queue (wire format version 1). Immutable and thread-safe: the
 * {@code extraBlocks} are deep copies that callers cannot change.
 *
 * <p>Optional text fields are {@code null} when absent. Defaults ({@code NotificationBot}, {@code :satellite:})
 * are applied when the message is rendered, so a decoded message re-encodes to what the producer sent.
 *
 * @param channel     Slack channel ID, user ID or {@code #name}; also the SQS {@code MessageGroupId}
 * @param title       shown bold in its own section, or {@code null}
 * @param body        main text ({@code message} on the wire is an alias), or {@code null}
 * @param text        notification / fallback text, or {@code null} to derive it from title and body
 * @param username    display name, or {@code null} for {@value #DEFAULT_USERNAME}
 * @param iconEmoji   icon, or {@code null} for {@value #DEFAULT_ICON_EMOJI}
 * @param extraBlocks raw Block Kit blocks appended after the body; never {@code null}
 * @param threadTs    parent message {@code ts} to reply in a thread, or {@code null}
 * @param mentions    explicit mentions prepended to the body; never {@code null}
 * @param mrkdwn      whether title and body are trusted Slack mrkdwn (no escaping)
 * @param priority    {@link Priority#URGENT} to travel on the urgent queue; never {@code null} ({@code null} is
 *                    read as {@link Priority#NORMAL})
 * @param blocks      raw Block Kit blocks posted as given, without the relay's layout, or {@code null} when absent
 *                    (see {@link #postedAsGiven()})
 * @param attachments raw legacy attachments posted as given, or {@code null} when absent
 * @param iconUrl     icon image URL, or {@code null}; used when there is no {@code iconEmoji}
 * @param unfurlLinks whether Slack unfurls links, or {@code null} for the relay's default (not unfurled)
 * @param unfurlMedia whether Slack unfurls media, or {@code null} for the relay's default (not unfurled)
 * @param threadKey   the producer's key of a thread: the first message with it in a channel starts the thread, later
 *                    ones reply in it; or {@code null}
 * @param updateKey   the producer's key of an updatable message: a later message with it replaces this one's content;
 *                    or {@code null}
 * @param replyBroadcast whether a reply is also shown in the channel
 * @param files       files posted with the message; never {@code null}
 * @param version     wire format version ({@code v}); {@value #CURRENT_VERSION} for this code
 */
public record SlackMessage(
        String channel,
        String title,
        String body,
        String text,
        String username,
        String iconEmoji,
        List<ObjectNode> extraBlocks,
        String threadTs,
        List<String> mentions,
        boolean mrkdwn,
        Priority priority,
        List<ObjectNode> blocks,
        List<ObjectNode> attachments,
        String iconUrl,
        Boolean unfurlLinks,
        Boolean unfurlMedia,
        String threadKey,
        String updateKey,
        boolean replyBroadcast,
        List<SlackFile> files,
        int version) {

    public static final String DEFAULT_USERNAME = "NotificationBot";
    public static final String DEFAULT_ICON_EMOJI = ":satellite:";
    public static final int CURRENT_VERSION = 1;

    public SlackMessage {
        extraBlocks = extraBlocks == null ? List.of()
                : extraBlocks.stream().map(ObjectNode::deepCopy).toList();
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        priority = priority == null ? Priority.NORMAL : priority;
        blocks = copyOrNull(blocks);
        attachments = copyOrNull(attachments);
        files = files == null ? List.of() : List.copyOf(files);
    }

    private static List<ObjectNode> copyOrNull(List<ObjectNode> nodes) {
        return nodes == null ? null : nodes.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The raw blocks posted as given, or {@code null}; each call returns fresh copies. */
    @Override
    public List<ObjectNode> blocks() {
        return copyOrNull(blocks);
    }

    /** The raw attachments posted as given, or {@code null}; each call returns fresh copies. */
    @Override
    public List<ObjectNode> attachments() {
        return copyOrNull(attachments);
    }

    /**
     * Whether the message is posted as given rather than laid out by the relay: it has raw {@code blocks} or
     * {@code attachments} (as Slack's incoming webhooks take them), or nothing but {@code text}.
     */
    public boolean postedAsGiven() {
        return blocks != null || attachments != null
                || isEmpty(title) && isEmpty(body) && extraBlocks.isEmpty() && !isEmpty(text);
    }

    /** Whether {@code mention} is an e-mail address, which the relay resolves to a user, rather than an ID. */
    public static boolean isEmailMention(String mention) {
        return mention != null && mention.contains("@");
    }

    /** Whether any of the explicit mentions is an e-mail address. */
    public boolean hasEmailMentions() {
        return mentions.stream().anyMatch(SlackMessage::isEmailMention);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** The extra blocks; each call returns fresh copies, so callers may change them freely. */
    @Override
    public List<ObjectNode> extraBlocks() {
        return extraBlocks.stream().map(ObjectNode::deepCopy).toList();
    }

    /** Starts a message to {@code channel}. */
    public static Builder builder(String channel) {
        return new Builder().channel(channel);
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        Builder b = new Builder().channel(channel).title(title).body(body).text(text).username(username)
                .iconEmoji(iconEmoji).threadTs(threadTs).mrkdwn(mrkdwn).priority(priority).version(version)
                .iconUrl(iconUrl).unfurlLinks(unfurlLinks).unfurlMedia(unfurlMedia).threadKey(threadKey)
                .updateKey(updateKey).replyBroadcast(replyBroadcast);
        b.files.addAll(files);
        b.blocks = blocks;
        b.attachments = attachments;
        b.extraBlocks.addAll(extraBlocks);
        b.mentions.addAll(mentions);
        return b;
    }

    /** Builds {@link SlackMessage}s. Not thread-safe; {@link #build()} does not validate (see {@link MessageValidator}). */
    public static final class Builder {
        private String channel;
        private String title;
        private String body;
        private String text;
        private String username;
        private String iconEmoji;
        private final List<ObjectNode> extraBlocks = new ArrayList<>();
        private String threadTs;
        private final List<String> mentions = new ArrayList<>();
        private boolean mrkdwn;
        private Priority priority = Priority.NORMAL;
        private List<ObjectNode> blocks;
        private List<ObjectNode> attachments;
        private String iconUrl;
        private Boolean unfurlLinks;
        private Boolean unfurlMedia;
        private String threadKey;
        private String updateKey;
        private boolean replyBroadcast;
        private final List<SlackFile> files = new ArrayList<>();
        private int version = CURRENT_VERSION;

        private Builder() {
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder iconEmoji(String iconEmoji) {
            this.iconEmoji = iconEmoji;
            return this;
        }

        /** Appends one raw Block Kit block; it must be a JSON object with a string {@code type}. */
        public Builder extraBlock(JsonNode block) {
            Objects.requireNonNull(block, "block");
            if (!block.isObject()) {
                throw new InvalidMessageException("extra_blocks[" + extraBlocks.size() + "]", Code.WRONG_TYPE,
                        "must be a JSON object");
            }
            extraBlocks.add(((ObjectNode) block).deepCopy());
            return this;
        }

        /** Appends one raw Block Kit block given as JSON text. */
        public Builder extraBlock(String blockJson) {
            return extraBlock(WireFormat.parseBlock(blockJson, extraBlocks.size()));
        }

        public Builder threadTs(String threadTs) {
            this.threadTs = threadTs;
            return this;
        }

        /**
         * Appends explicit mentions: user IDs ({@code U…}/{@code W…}), e-mail addresses (looked up by the relay),
         * {@code here}, {@code channel} or {@code subteam^ID}.
         */
        public Builder mention(String... mentions) {
            this.mentions.addAll(List.of(mentions));
            return this;
        }

        /** Replaces the explicit mentions with {@code mentions}. */
        public Builder mentions(List<String> mentions) {
            this.mentions.clear();
            this.mentions.addAll(mentions);
            return this;
        }

        public Builder mrkdwn(boolean mrkdwn) {
            this.mrkdwn = mrkdwn;
            return this;
        }

        /** {@link Priority#URGENT} sends the message on the urgent queue; the default is {@link Priority#NORMAL}. */
        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        /**
         * Raw Block Kit blocks, posted as given without the relay's layout (as an incoming webhook posts them); each
         * must be a JSON object. {@code null} removes them.
         */
        public Builder blocks(List<? extends JsonNode> blocks) {
            this.blocks = objects(blocks, "blocks");
            return this;
        }

        /** Raw legacy attachments, posted as given; each must be a JSON object. {@code null} removes them. */
        public Builder attachments(List<? extends JsonNode> attachments) {
            this.attachments = objects(attachments, "attachments");
            return this;
        }

        /** An icon image URL ({@code http(s)://…}), used when there is no {@code iconEmoji}. */
        public Builder iconUrl(String iconUrl) {
            this.iconUrl = iconUrl;
            return this;
        }

        /** Whether Slack unfurls links; {@code null} for the default (not unfurled). */
        public Builder unfurlLinks(Boolean unfurlLinks) {
            this.unfurlLinks = unfurlLinks;
            return this;
        }

        /** Whether Slack unfurls media; {@code null} for the default (not unfurled). */
        public Builder unfurlMedia(Boolean unfurlMedia) {
            this.unfurlMedia = unfurlMedia;
            return this;
        }

        /**
         * Threads by key: the first message with this key in its channel is posted top-level, later ones reply in
         * its thread. An explicit {@link #threadTs(String)} wins over it.
         */
        public Builder threadKey(String threadKey) {
            this.threadKey = threadKey;
            return this;
        }

        /**
         * Updates by key: replaces the content of the latest earlier message with this key in the channel, or posts
         * (and tags) it when there is none.
         */
        public Builder updateKey(String updateKey) {
            this.updateKey = updateKey;
            return this;
        }

        /** Shows a reply (by {@code threadTs} or {@code threadKey}) in the channel too. */
        public Builder replyBroadcast(boolean replyBroadcast) {
            this.replyBroadcast = replyBroadcast;
            return this;
        }

        /** Appends a file posted with the message. */
        public Builder file(SlackFile file) {
            this.files.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Replaces the files posted with the message. */
        public Builder files(List<SlackFile> files) {
            this.files.clear();
            files.forEach(this::file);
            return this;
        }

        private static List<ObjectNode> objects(List<? extends JsonNode> nodes, String field) {
            if (nodes == null) {
                return null;
            }
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode node : nodes) {
                if (node == null || !node.isObject()) {
                    throw new InvalidMessageException(field + "[" + out.size() + "]", Code.WRONG_TYPE,
                            "must be a JSON object");
                }
                out.add(((ObjectNode) node).deepCopy());
            }
            return out;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public SlackMessage build() {
            return new SlackMessage(channel, title, body, text, username, iconEmoji, extraBlocks, threadTs,
                    mentions, mrkdwn, priority, blocks, attachments, iconUrl, unfurlLinks, unfurlMedia, threadKey,
                    updateKey, replyBroadcast, files, version);
        }
    }
}
