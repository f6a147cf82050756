package dev.slackrelay.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.model.Violation.Code;
import dev.slackrelay.queue.SqsLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks that a message can be posted: a usable channel, something to post, well-formed mentions and blocks that
 * fit Slack's limits. Stateless and thread-safe.
 *
 * <p>Text that is merely long is not an error: the renderer splits and truncates it visibly. Only what Slack would
 * reject every time, or what cannot be queued, is.
 */
public final class MessageValidator {

    private static final Pattern MENTION = Pattern.compile("[UW][A-Z0-9]{2,}|here|channel|subteam\\^[A-Z0-9]{2,}");
    /** An e-mail address as {@code users.lookupByEmail} takes it; the relay resolves it to a user. */
    public static final Pattern EMAIL = Pattern.compile("[^@\\s<>|&]{1,64}@[^@\\s<>|&]{1,253}\\.[^@\\s<>|&.]{2,63}");
    private static final Pattern KEY_CONTROL = Pattern.compile("\\p{Cc}");
    private static final Pattern THREAD_TS = Pattern.compile("\\d{1,12}\\.\\d{1,9}");
    private static final Pattern EMOJI = Pattern.compile(":[^:\\s]{1,100}:");

    private MessageValidator() {
    }

    /**
     * Validates a message.
     *
     * @throws InvalidMessageException naming every offending field and the reason
     */
    public static SlackMessage validate(SlackMessage message) {
        List<Violation> violations = violations(message);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        return message;
    }

    /** Every violation of {@code message}; empty when it is valid. */
    public static List<Violation> violations(SlackMessage message) {
        List<Violation> out = new ArrayList<>();
        if (message.version() > SlackMessage.CURRENT_VERSION) {
            out.add(new Violation("v", Code.UNSUPPORTED_VERSION, "unsupported format version " + message.version()
                    + " (this relay reads version " + SlackMessage.CURRENT_VERSION + ")"));
            return out;
        }
        if (message.version() < 1) {
            out.add(new Violation("v", Code.INVALID, "must be 1 or higher"));
        }
        String channel = message.channel();
        if (channel == null || channel.isBlank()) {
            out.add(new Violation("channel", Code.MISSING, "is required"));
        } else if (!SqsLimits.isFifoId(channel)) {
            out.add(new Violation("channel", Code.INVALID, "must be 1-128 printable ASCII characters without spaces"
                    + " (it is the SQS MessageGroupId), e.g. C0123456789 or #alerts"));
        }
        List<ObjectNode> blocks = message.blocks();
        List<ObjectNode> attachments = message.attachments();
        if (isEmpty(message.title()) && isEmpty(message.body()) && isEmpty(message.text())
                && message.extraBlocks().isEmpty() && (blocks == null || blocks.isEmpty())
                && (attachments == null || attachments.isEmpty()) && message.files().isEmpty()) {
            out.add(new Violation("(body)", Code.MISSING,
                    "nothing to post: give at least one of title, body, text, extra_blocks, blocks, attachments, files"));
        }
        if (blocks != null) {
            if (!isEmpty(message.title()) || !isEmpty(message.body()) || !message.extraBlocks().isEmpty()) {
                out.add(new Violation("blocks", Code.INVALID, "are posted as given, without the relay's layout:"
                        + " give title, body and extra_blocks, or blocks, not both"));
            }
            if (!message.mentions().isEmpty()) {
                out.add(new Violation("mentions", Code.INVALID, "cannot be added to raw blocks: put them in the blocks"));
            }
            checkBlocks("blocks", blocks, SlackLimits.MAX_BLOCKS, SlackLimits.BLOCK_TEXT_BUDGET, out);
        }
        if (attachments != null && attachments.size() > SlackLimits.MAX_ATTACHMENTS) {
            out.add(new Violation("attachments", Code.TOO_LARGE,
                    "at most " + SlackLimits.MAX_ATTACHMENTS + " attachments, not " + attachments.size()));
        }
        if (message.iconUrl() != null && !isWebUrl(message.iconUrl())) {
            out.add(new Violation("icon_url", Code.INVALID, "must be an http(s) URL of at most "
                    + SlackLimits.URL_MAX + " characters"));
        }
        if (message.username() != null
                && (message.username().isBlank() || message.username().length() > SlackLimits.USERNAME_MAX)) {
            out.add(new Violation("username", Code.INVALID, "must be 1-" + SlackLimits.USERNAME_MAX + " characters"));
        }
        if (message.iconEmoji() != null && !EMOJI.matcher(message.iconEmoji()).matches()) {
            out.add(new Violation("icon_emoji", Code.INVALID, "must look like :emoji_name:"));
        }
        if (message.threadTs() != null && !THREAD_TS.matcher(message.threadTs()).matches()) {
            out.add(new Violation("thread_ts", Code.INVALID, "must be a Slack message ts such as 1700000000.000100"));
        }
        for (int i = 0; i < message.mentions().size(); i++) {
            String mention = message.mentions().get(i);
            if (mention == null || !MENTION.matcher(mention).matches() && !EMAIL.matcher(mention).matches()) {
                out.add(new Violation("mentions[" + i + "]", Code.INVALID,
                        "must be a user ID (U…/W…), an e-mail address, here, channel or subteam^ID"));
            }
        }
        checkKey("thread_key", message.threadKey(), out);
        checkKey("update_key", message.updateKey(), out);
        if (message.replyBroadcast() && message.threadTs() == null && message.threadKey() == null) {
            out.add(new Violation("reply_broadcast", Code.INVALID, "applies to a reply: give thread_ts or thread_key"));
        }
        if (message.updateKey() != null && !message.files().isEmpty()) {
            out.add(new Violation("files", Code.INVALID, "cannot be added by an update (update_key): post them apart"));
        }
        checkFiles(message.files(), out);
        if (message.blocks() == null) {
            checkBlocks("extra_blocks", message.extraBlocks(), SlackLimits.MAX_EXTRA_BLOCKS,
                    SlackLimits.EXTRA_BLOCKS_TEXT_MAX, out);
        }
        return out;
    }

    private static void checkKey(String field, String key, List<Violation> out) {
        if (key != null && (key.isBlank() || key.length() > SlackLimits.KEY_MAX || KEY_CONTROL.matcher(key).find())) {
            out.add(new Violation(field, Code.INVALID, "must be 1-" + SlackLimits.KEY_MAX
                    + " characters without control characters"));
        }
    }

    private static void checkFiles(List<SlackFile> files, List<Violation> out) {
        if (files.size() > SlackLimits.MAX_FILES) {
            out.add(new Violation("files", Code.TOO_LARGE, "at most " + SlackLimits.MAX_FILES + " files per message, not "
                    + files.size()));
            return;
        }
        long inline = 0;
        for (int i = 0; i < files.size(); i++) {
            SlackFile file = files.get(i);
            String field = "files[" + i + "]";
            if (file.name() == null || file.name().isBlank()) {
                out.add(new Violation(field + ".name", Code.MISSING, "is required"));
            } else if (file.name().length() > SlackLimits.FILE_NAME_MAX || KEY_CONTROL.matcher(file.name()).find()) {
                out.add(new Violation(field + ".name", Code.INVALID, "must be 1-" + SlackLimits.FILE_NAME_MAX
                        + " characters without control characters"));
            }
            String label = file.name() == null ? field : file.name();
            if ((file.contentBase64() == null) == (file.s3() == null)) {
                out.add(new Violation(field, Code.INVALID, label + ": give content_base64 or s3, one of them"));
            } else if (file.contentBase64() != null) {
                if (!file.hasValidBase64()) {
                    out.add(new Violation(field + ".content_base64", Code.INVALID,
                            label + ": not valid base64 (standard alphabet, padded)"));
                } else if (file.inlineBytes() == 0) {
                    out.add(new Violation(field + ".content_base64", Code.INVALID, label + ": is empty"));
                } else {
                    inline += file.inlineBytes();
                    if (inline > SlackLimits.INLINE_FILES_MAX_BYTES) {
                        out.add(new Violation(field, Code.TOO_LARGE, label + ": " + file.inlineBytes()
                                + " bytes; at most " + SlackLimits.INLINE_FILES_MAX_BYTES + " bytes of files travel"
                                + " inline in one message (SQS takes 1 MiB): give it by S3 reference"
                                + " (\"s3\": \"s3://bucket/key\")"));
                    }
                }
            } else if (file.s3Location().isEmpty()) {
                out.add(new Violation(field + ".s3", Code.INVALID, label + ": must be s3://bucket/key"));
            }
        }
    }


    private static boolean isWebUrl(String url) {
        if (url.length() > SlackLimits.URL_MAX) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void checkBlocks(String field, List<ObjectNode> blocks, int maxBlocks, int maxText,
                                    List<Violation> out) {
        if (blocks.size() > maxBlocks) {
            out.add(new Violation(field, Code.TOO_LARGE, "at most " + maxBlocks + " blocks, not "
                    + blocks.size() + (maxBlocks < SlackLimits.MAX_BLOCKS
                    ? " (Slack allows " + SlackLimits.MAX_BLOCKS + " in all)" : "")));
            return;
        }
        int totalText = 0;
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode block = blocks.get(i);
            JsonNode type = block.get("type");
            if (type == null || type.isNull()) {
                out.add(new Violation(field + "[" + i + "].type", Code.MISSING, "is required"));
            } else if (!type.isTextual() || type.textValue().isBlank()) {
                out.add(new Violation(field + "[" + i + "].type", Code.WRONG_TYPE, "must be a non-empty string"));
            }
            int longest = longestText(block);
            if (longest > SlackLimits.SECTION_TEXT_MAX) {
                out.add(new Violation(field + "[" + i + "]", Code.TOO_LARGE, "has a text of " + longest
                        + " characters; Slack allows " + SlackLimits.SECTION_TEXT_MAX));
            }
            totalText += BlockText.length(block);
        }
        if (totalText > maxText) {
            out.add(new Violation(field, Code.TOO_LARGE, "hold " + totalText + " characters of text; at most "
                    + maxText + (field.equals("extra_blocks") ? " fit in one message beside the title and body"
                    : " fit in one message")));
        }
    }

    private static int longestText(JsonNode node) {
        int longest = 0;
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                longest = text.textValue().length();
            }
        }
        for (JsonNode child : node) {
            longest = Math.max(longest, longestText(child));
        }
        return longest;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
