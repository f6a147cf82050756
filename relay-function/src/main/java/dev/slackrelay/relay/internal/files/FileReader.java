package dev.slackrelay.relay.internal.files;

import dev.slackrelay.model.SlackFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the content of a message's files: inline ones from their base64, S3 references with {@code s3:GetObject},
 * only in the configured bucket under the configured prefix, and none larger than the configured size (the relay
 * holds a file in memory while it uploads it). Thread-safe.
 */
public final class FileReader {

    /** What reading a message's files came to. */
    public sealed interface Result {
        /** Every file, in the message's order. */
        record Read(List<FileUpload> files) implements Result {
        }

        /** A file can never be read as the message names it (outside the bucket, missing, too large). */
        record Unreadable(String reason) implements Result {
        }

        /** S3 failed in a way that may pass (throttling, 5xx, network); worth trying again later. */
        record Unavailable(String detail) implements Result {
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long maxBytes;

    /**
     * @param s3       the client for S3 references, or {@code null} when no bucket is configured
     * @param bucket   the only bucket files may be read from, or {@code null} for inline files only
     * @param prefix   the key prefix they must have ({@code ""}: any)
     * @param maxBytes the largest file read from S3
     */
    public FileReader(S3Client s3, String bucket, String prefix, long maxBytes) {
        if (bucket != null) {
            Objects.requireNonNull(s3, "s3");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.maxBytes = maxBytes;
    }

    /** Reads every file of a valid message (its inline content is valid base64); never throws. */
    public Result read(List<SlackFile> files) {
        List<FileUpload> read = new ArrayList<>(files.size());
        for (SlackFile file : files) {
            String title = file.title() != null ? file.title() : file.name();
            if (file.contentBase64() != null) {
                read.add(new FileUpload(file.name(), title, Base64.getDecoder().decode(file.contentBase64())));
                continue;
            }
            SlackFile.S3Location where = file.s3Location().orElseThrow();
            if (bucket == null) {
                return new Result.Unreadable(file.name() + ": " + file.s3()
                        + " cannot be read: the relay reads files from S3 only with FILES_S3_BUCKET configured");
            }
            if (!bucket.equals(where.bucket()) || !where.key().startsWith(prefix)) {
                return new Result.Unreadable(file.name() + ": " + file.s3() + " is outside the relay's files, s3://"
                        + bucket + "/" + prefix);
            }
            Result failure = fetch(file, where, title, read);
            if (failure != null) {
                return failure;
            }
        }
        return new Result.Read(List.copyOf(read));
    }

    /** Reads one S3 object into {@code into}; returns why not, or {@code null} when it was read. */
    private Result fetch(SlackFile file, SlackFile.S3Location where, String title, List<FileUpload> into) {
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(where.bucket())
                .key(where.key()))) {
            Long length = object.response().contentLength();
            if (length != null && length > maxBytes) {
                object.abort();
                return tooLarge(file, length);
            }
            byte[] content = readAtMost(object, maxBytes);
            if (content == null) {
                return tooLarge(file, null);
            }
            if (content.length == 0) {
                return new Result.Unreadable(file.name() + ": " + file.s3() + " is empty");
            }
            into.add(new FileUpload(file.name(), title, content));
            return null;
        } catch (S3Exception e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            String what = file.name() + ": " + file.s3() + ": S3 answered " + status + (code != null ? " " + code : "");
            // throttling and S3's own failures pass; a missing object or a refused read does not
            return status >= 500 || status == 429 || "SlowDown".equals(code) ? new Result.Unavailable(what)
                    : new Result.Unreadable(what);
        } catch (SdkException | IOException e) {
            return new Result.Unavailable(file.name() + ": " + file.s3() + ": " + e.getClass().getSimpleName());
        }
    }

    private Result tooLarge(SlackFile file, Long length) {
        return new Result.Unreadable(file.name() + ": " + file.s3() + " is " + (length != null ? length + " bytes"
                : "larger than that") + "; the relay uploads files of at most " + maxBytes + " bytes (FILES_MAX_BYTES)");
    }

    /** The stream's bytes, or {@code null} if there are more than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return content.length > max ? null : content;
    }
}
