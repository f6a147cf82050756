package dev.slackrelay.model;

/**
 * Slack's limits on one post, and the margins this project keeps below them. Shared by validation (which rejects
 * what can never fit) and rendering (which splits and truncates what can).
 */
public final class SlackLimits {

    /** Slack rejects a section whose text is longer ({@code invalid_blocks}). */
    public static final int SECTION_TEXT_MAX = 3000;

    /** Slack rejects a message with more blocks ({@code invalid_blocks}). */
    public static final int MAX_BLOCKS = 50;

    /**
     * Room left for the rendered layout (two dividers, the title and up to four body sections) under
     * {@link #MAX_BLOCKS}.
     */
    public static final int MAX_EXTRA_BLOCKS = 40;

    /**
     * Total text kept in one message's blocks. Slack answers {@code msg_blocks_too_long} at an undocumented size
     * observed near 12,000 characters; this keeps a safe margin below it.
     */
    public static final int BLOCK_TEXT_BUDGET = 10_000;

    /** Most of the budget the extra blocks may use, so the title and body always keep room to be seen. */
    public static final int EXTRA_BLOCKS_TEXT_MAX = 6_000;

    /** Longest notification / fallback {@code text} sent; Slack truncates far longer ones anyway. */
    public static final int FALLBACK_TEXT_MAX = 3000;

    /** Most legacy attachments Slack takes on one message. */
    public static final int MAX_ATTACHMENTS = 100;

    /** Longest {@code icon_url} accepted. */
    public static final int URL_MAX = 2_000;

    /** Slack's limit on a bot's display name. */
    public static final int USERNAME_MAX = 80;

    private SlackLimits() {
    }
}
