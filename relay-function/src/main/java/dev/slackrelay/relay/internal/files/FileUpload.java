package dev.slackrelay.relay.internal.files;

import java.util.Objects;

/**
 * One file of a message, its content read and ready to upload. Holds the bytes it was given (not a copy: they are
 * the relay's own, read for this upload).
 *
 * @param name  the file name Slack shows and types it by
 * @param title the title Slack shows
 */
public record FileUpload(String name, String title, byte[] content) {

    public FileUpload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        return "FileUpload[" + name + ", " + content.length + " bytes]";
    }
}
