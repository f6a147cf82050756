package dev.slackrelay.publisher;

import java.io.IOException;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * A file of a message could not be uploaded to the files bucket, so the message was not queued. Immutable and
 * thread-safe.
 */
public final class FileUploadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final String s3Uri;

    /**
     * @param fileName the file's name, as the message gives it
     * @param s3Uri    where it was to go ({@code s3://bucket/key})
     * @param cause    what S3 (or the SDK) answered
     */
    public FileUploadException(String fileName, String s3Uri, SdkException cause) {
        super("file " + fileName + " could not be uploaded to " + s3Uri + ", nothing queued: "
                + Objects.requireNonNull(cause, "cause").getMessage(), cause);
        this.fileName = fileName;
        this.s3Uri = s3Uri;
    }

    /** The name of the file that could not be uploaded. */
    public String fileName() {
        return fileName;
    }

    /** Where the file was to go. */
    public String s3Uri() {
        return s3Uri;
    }

    /**
     * Whether publishing the message again may succeed: S3 throttled or failed (5xx) or could not be reached (after
     * the SDK's own retries); not when it refused (no such bucket, access denied).
     */
    public boolean retryable() {
        SdkException cause = (SdkException) getCause();
        if (cause.retryable()) {
            return true;
        }
        if (cause instanceof SdkServiceException service) {
            return service.statusCode() >= 500 || service.isThrottlingException();
        }
        for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
