package dev.slackrelay.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 client that records each PutObject (request and bytes) and answers it itself, or fails it like S3 would
 * ({@link #failPuts(int)}); any other operation is unsupported. For the publisher's decisions about files; the real
 * upload path is tested against an S3 server in the system tests.
 */
public final class RecordingS3Client implements S3Client {

    /** One PutObject as received. */
    public record Put(PutObjectRequest request, byte[] content) {
        public String uri() {
            return "s3://" + request.bucket() + "/" + request.key();
        }
    }

    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private volatile int statusOfPuts = 200;

    /** Answers every later PutObject with this HTTP status as an {@link S3Exception} (500, 503: retryable). */
    public RecordingS3Client failPuts(int status) {
        this.statusOfPuts = status;
        return this;
    }

    public List<Put> puts() {
        return List.copyOf(puts);
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        byte[] content;
        try (InputStream in = body.contentStreamProvider().newStream()) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        puts.add(new Put(request, content));
        if (statusOfPuts != 200) {
            throw (S3Exception) S3Exception.builder().statusCode(statusOfPuts).message("InternalError (test)").build();
        }
        return PutObjectResponse.builder().eTag("\"test\"").build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
