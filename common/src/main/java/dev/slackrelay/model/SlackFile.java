package dev.slackrelay.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file posted with a message (wire field {@code files}): its content inline as base64, or a reference to an S3
 * object the relay reads. Immutable.
 *
 * @param name          the file name Slack shows and types it by ({@code report.csv}); required
 * @param title         the title Slack shows, or {@code null} for the name
 * @param contentBase64 the content, base64-encoded (standard alphabet, padded), or {@code null} when {@code s3} gives it
 * @param s3            {@code s3://bucket/key}, or {@code null} when the content is inline
 */
public record SlackFile(String name, String title, String contentBase64, String s3) {

    private static final Pattern S3_URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(\\S.{0,1023})");

    /** Where an S3 reference points. */
    public record S3Location(String bucket, String key) {
    }

    /** The bucket and key of {@code s3}, or empty when the content is inline or {@code s3} is not {@code s3://bucket/key}. */
    public Optional<S3Location> s3Location() {
        Matcher m = s3 == null ? null : S3_URI.matcher(s3);
        return m != null && m.matches() ? Optional.of(new S3Location(m.group(1), m.group(2))) : Optional.empty();
    }

    /** A file given inline. */
    public static SlackFile inline(String name, byte[] content) {
        return new SlackFile(name, null, java.util.Base64.getEncoder().encodeToString(content), null);
    }

    /** A file the relay reads from S3 ({@code s3://bucket/key}). */
    public static SlackFile inS3(String name, String s3Uri) {
        return new SlackFile(name, null, null, s3Uri);
    }

    /** The same file with a title. */
    public SlackFile withTitle(String title) {
        return new SlackFile(name, title, contentBase64, s3);
    }

    /** Whether the inline content is valid base64 (standard alphabet, padded); false for an S3 reference. */
    public boolean hasValidBase64() {
        if (contentBase64 == null || contentBase64.length() % 4 != 0) {
            return false;
        }
        try {
            java.util.Base64.getDecoder().decode(contentBase64);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Size of the inline content once decoded, in bytes (0 for an S3 reference); assumes valid base64. */
    public long inlineBytes() {
        if (contentBase64 == null) {
            return 0;
        }
        int len = contentBase64.length();
        int padding = len > 0 && contentBase64.charAt(len - 1) == '=' ? (len > 1 && contentBase64.charAt(len - 2) == '=' ? 2 : 1) : 0;
        return (long) len / 4 * 3 - padding;
    }

    @Override
    public String toString() {
        // never the content: it may be large, and it is the producer's data
        return "SlackFile[" + name + (s3 != null ? ", " + s3 : ", " + inlineBytes() + " bytes inline") + "]";
    }
}
