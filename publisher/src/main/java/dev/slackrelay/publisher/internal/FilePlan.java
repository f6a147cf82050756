package dev.slackrelay.publisher.internal;

import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import java.util.List;

/**
 * What {@link FileOffloader#plan} decided for one message. Immutable.
 *
 * @param message  the message to queue: as given, or with some inline files replaced by S3 references
 * @param uploads  the files to upload before queueing it, in message order
 * @param refusals the message's S3 references outside the files bucket and prefix
 */
public record FilePlan(SlackMessage message, List<Upload> uploads, List<Violation> refusals) {

    public FilePlan {
        uploads = List.copyOf(uploads);
        refusals = List.copyOf(refusals);
    }

    /**
     * One inline file to put in the files bucket.
     *
     * @param index         the file's position in the message's {@code files}
     * @param name          its name
     * @param bucket        the files bucket
     * @param key           where it goes: {@code <prefix><random UUID>/<name>}
     * @param contentType   guessed from the name, else {@code application/octet-stream}
     * @param contentBase64 its content, as the message gave it
     */
    public record Upload(int index, String name, String bucket, String key, String contentType,
                         String contentBase64) {

        /** {@code s3://bucket/key}, as the queued message names it. */
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }

        @Override
        public String toString() {
            // never the content
            return "Upload[" + index + ", " + uri() + ", " + contentType + "]";
        }
    }
}
