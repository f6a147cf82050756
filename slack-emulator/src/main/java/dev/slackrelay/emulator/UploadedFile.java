package dev.slackrelay.emulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file whose external upload was completed ({@code files.getUploadURLExternal}, the upload,
 * {@code files.completeUploadExternal}).
 *
 * <p>Immutable and thread-safe: {@link #content()} hands out a copy.
 *
 * @param id          the file ID ({@code F…}) {@code files.getUploadURLExternal} answered
 * @param filename    the {@code filename} given to {@code files.getUploadURLExternal}
 * @param title       the title given on completion, else the file name
 * @param content     the uploaded bytes
 * @param altTxt      the {@code alt_txt}, or null
 * @param snippetType the {@code snippet_type}, or null
 * @param channel     the channel the file was shared into, or null when it was completed without one (private)
 * @param threadTs    the thread it was shared into, or null
 * @param messageTs   the timestamp of the message that shared it, or null when private
 * @param completed   wall-clock time of completion
 */
public record UploadedFile(
        String id, String filename, String title, byte[] content, String altTxt, String snippetType,
        String channel, String threadTs, String messageTs, Instant completed) {

    public UploadedFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(title, "title");
        content = Objects.requireNonNull(content, "content").clone();
        Objects.requireNonNull(completed, "completed");
    }

    /** A copy of the uploaded bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The size in bytes. */
    public long length() {
        return content.length;
    }

    /** Whether it was shared into a channel. */
    public boolean shared() {
        return channel != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UploadedFile f && id.equals(f.id) && filename.equals(f.filename)
                && title.equals(f.title) && Arrays.equals(content, f.content) && Objects.equals(altTxt, f.altTxt)
                && Objects.equals(snippetType, f.snippetType) && Objects.equals(channel, f.channel)
                && Objects.equals(threadTs, f.threadTs) && Objects.equals(messageTs, f.messageTs)
                && completed.equals(f.completed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(content), channel, messageTs);
    }

    @Override
    public String toString() {
        return "UploadedFile[id=" + id + ", filename=" + filename + ", title=" + title + ", length=" + content.length
                + ", channel=" + channel + ", threadTs=" + threadTs + ", messageTs=" + messageTs + "]";
    }
}
