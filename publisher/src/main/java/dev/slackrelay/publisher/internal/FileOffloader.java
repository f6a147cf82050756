package dev.slackrelay.publisher.internal;

import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackLimits;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.model.Violation.Code;
import dev.slackrelay.publisher.FileUploadException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Moves inline files that do not fit in one message to the relay's files bucket, and refuses S3 references the
 * relay would not read. Planning ({@link #plan}) makes no network call; {@link #upload} does. Thread-safe if the S3
 * client is (the SDK's are).
 */
public final class FileOffloader {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Supplier<UUID> ids;

    /**
     * @param s3     the client that uploads, or {@code null} when there is no bucket
     * @param bucket the files bucket, or {@code null} for none: files are then sent as given
     * @param prefix the key prefix the relay reads under (empty for any key)
     * @param ids    the folder of each offloaded file under the prefix (random UUIDs but in tests)
     */
    public FileOffloader(S3Client s3, String bucket, String prefix, Supplier<UUID> ids) {
        if (bucket != null) {
            Objects.requireNonNull(s3, "s3");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * What sending {@code message} takes: the message as it will be queued (the largest inline files replaced by S3
     * references until the rest fits in {@link SlackLimits#INLINE_FILES_MAX_BYTES}), the uploads that must succeed
     * first, and the S3 references it gives that are outside the files bucket and prefix. Without a bucket, the
     * message as given and nothing else. Files the validator will refuse (no name, content that is not base64) are
     * left as they are, for it to name.
     */
    public FilePlan plan(SlackMessage message) {
        List<SlackFile> files = message.files();
        if (bucket == null || files.isEmpty()) {
            return new FilePlan(message, List.of(), List.of());
        }
        List<Violation> refusals = new ArrayList<>();
        List<Integer> movable = new ArrayList<>();
        long inline = 0;
        for (int i = 0; i < files.size(); i++) {
            SlackFile file = files.get(i);
            if (file.s3() != null && file.contentBase64() == null) {
                int index = i;
                file.s3Location().filter(at -> !allows(at)).ifPresent(at -> refusals.add(refusal(index, file, at)));
            } else if (file.contentBase64() != null && file.s3() == null) {
                inline += file.inlineBytes();
                if (file.name() != null && !file.name().isBlank() && file.hasValidBase64()) {
                    movable.add(i);
                }
            }
        }
        if (inline <= SlackLimits.INLINE_FILES_MAX_BYTES) {
            return new FilePlan(message, List.of(), refusals);
        }
        // largest first: the fewest uploads; a stable sort keeps equal sizes in message order
        movable.sort(Comparator.comparingLong((Integer i) -> files.get(i).inlineBytes()).reversed());
        List<SlackFile> queued = new ArrayList<>(files);
        List<FilePlan.Upload> uploads = new ArrayList<>();
        for (int i : movable) {
            if (inline <= SlackLimits.INLINE_FILES_MAX_BYTES) {
                break;
            }
            SlackFile file = files.get(i);
            String key = prefix + ids.get() + "/" + file.name();
            FilePlan.Upload upload = new FilePlan.Upload(i, file.name(), bucket, key, contentType(file.name()),
                    file.contentBase64());
            uploads.add(upload);
            queued.set(i, new SlackFile(file.name(), file.title(), null, upload.uri()));
            inline -= file.inlineBytes();
        }
        uploads.sort(Comparator.comparingInt(FilePlan.Upload::index));
        return new FilePlan(message.toBuilder().files(queued).build(), List.copyOf(uploads), refusals);
    }

    /**
     * Uploads the plan's files, in message order.
     *
     * @throws FileUploadException naming the first file that could not be uploaded
     */
    public void upload(FilePlan plan) {
        for (FilePlan.Upload upload : plan.uploads()) {
            try {
                s3.putObject(r -> r.bucket(upload.bucket()).key(upload.key()).contentType(upload.contentType()),
                        RequestBody.fromBytes(Base64.getDecoder().decode(upload.contentBase64())));
            } catch (SdkException e) {
                throw new FileUploadException(upload.name(), upload.uri(), e);
            }
        }
    }

    private boolean allows(SlackFile.S3Location at) {
        return bucket.equals(at.bucket()) && at.key().startsWith(prefix);
    }

    private Violation refusal(int index, SlackFile file, SlackFile.S3Location at) {
        return new Violation("files[" + index + "].s3", Code.INVALID, file.name() + ": s3://" + at.bucket() + "/"
                + at.key() + " is outside the relay's files: it reads only s3://" + bucket + "/" + prefix);
    }

    static String contentType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed == null ? OCTET_STREAM : guessed;
    }
}
