package dev.slackrelay.publisher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackLimits;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.Violation;
import dev.slackrelay.publisher.FileUploadException;
import dev.slackrelay.publisher.RecordingS3Client;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FileOffloaderTest {

    private static final int KIB = 1024;
    private static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID SECOND = UUID.fromString("00000000-0000-0000-0000-000000000002");

    private final RecordingS3Client s3 = new RecordingS3Client();
    private final Deque<UUID> ids = new ArrayDeque<>(List.of(FIRST, SECOND));

    private FileOffloader offloader(String bucket, String prefix) {
        return new FileOffloader(bucket == null ? null : s3, bucket, prefix, ids::removeFirst);
    }

    private static byte[] bytes(int size, int fill) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) fill);
        return content;
    }

    private static SlackMessage message(SlackFile... files) {
        SlackMessage.Builder b = SlackMessage.builder("C0123456789").title("Export");
        for (SlackFile f : files) {
            b.file(f);
        }
        return b.build();
    }

    @Test
    void leavesFilesThatFitInlineAsTheyAre() {
        SlackMessage message = message(SlackFile.inline("a.txt", bytes(400 * KIB, 1)),
                SlackFile.inline("b.txt", bytes(300 * KIB, 2)));

        FilePlan plan = offloader("relay-files", "in/").plan(message);

        assertThat(plan.message()).isEqualTo(message);
        assertThat(plan.uploads()).isEmpty();
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void movesTheLargestInlineFilesToTheBucketUntilTheRestFits() {
        SlackMessage message = message(SlackFile.inline("small.txt", bytes(10 * KIB, 1)),
                SlackFile.inline("big.png", bytes(500 * KIB, 2)).withTitle("The big one"),
                SlackFile.inline("middle.csv.gz", bytes(300 * KIB, 3)),
                SlackFile.inS3("ref.txt", "s3://relay-files/in/x"));

        FilePlan plan = offloader("relay-files", "in/").plan(message);

        assertThat(plan.uploads()).singleElement().satisfies(u -> {
            assertThat(u.index()).isEqualTo(1);
            assertThat(u.bucket()).isEqualTo("relay-files");
            assertThat(u.key()).isEqualTo("in/" + FIRST + "/big.png");
            assertThat(u.contentType()).isEqualTo("image/png");
        });
        List<SlackFile> queued = plan.message().files();
        assertThat(queued.get(0)).isEqualTo(message.files().get(0));
        assertThat(queued.get(1)).isEqualTo(new SlackFile("big.png", "The big one", null,
                "s3://relay-files/in/" + FIRST + "/big.png"));
        assertThat(queued.get(2)).isEqualTo(message.files().get(2));
        assertThat(queued.get(3)).isEqualTo(message.files().get(3));
        assertThat(queued.stream().mapToLong(SlackFile::inlineBytes).sum())
                .isLessThanOrEqualTo(SlackLimits.INLINE_FILES_MAX_BYTES);
        assertThat(plan.refusals()).isEmpty();
        assertThat(s3.puts()).as("planning makes no call").isEmpty();
    }

    @Test
    void movesAsManyFilesAsItTakesLargestFirst() {
        SlackMessage message = message(SlackFile.inline("one.bin", bytes(400 * KIB, 1)),
                SlackFile.inline("two.bin", bytes(450 * KIB, 2)), SlackFile.inline("three.bin", bytes(420 * KIB, 3)));

        FilePlan plan = offloader("relay-files", "").plan(message);

        assertThat(plan.uploads()).extracting(FilePlan.Upload::index).containsExactly(1, 2);
        assertThat(plan.uploads()).extracting(FilePlan.Upload::key)
                .containsExactly(FIRST + "/two.bin", SECOND + "/three.bin");
        assertThat(plan.uploads()).extracting(FilePlan.Upload::contentType)
                .containsOnly("application/octet-stream");
        assertThat(plan.message().files().get(0).contentBase64()).isNotNull();
    }

    @Test
    void refusesAnS3ReferenceOutsideTheBucketOrThePrefix() {
        SlackMessage message = message(SlackFile.inS3("ok.txt", "s3://relay-files/in/ok.txt"),
                SlackFile.inS3("other.txt", "s3://other-bucket/x"),
                SlackFile.inS3("outside.txt", "s3://relay-files/elsewhere/x"));

        FilePlan plan = offloader("relay-files", "in/").plan(message);

        assertThat(plan.refusals()).extracting(Violation::field).containsExactly("files[1].s3", "files[2].s3");
        assertThat(plan.refusals().get(0).code()).isEqualTo(Violation.Code.INVALID);
        assertThat(plan.refusals().get(0).reason()).contains("other.txt", "s3://other-bucket/x",
                "s3://relay-files/in/");
    }

    @Test
    void withoutABucketSendsFilesAsGiven() {
        SlackMessage message = message(SlackFile.inline("big.bin", bytes(900 * KIB, 1)),
                SlackFile.inS3("other.txt", "s3://other-bucket/x"));

        FilePlan plan = offloader(null, null).plan(message);

        assertThat(plan.message()).isEqualTo(message);
        assertThat(plan.uploads()).isEmpty();
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void leavesFilesTheValidatorRefusesForItToName() {
        SlackMessage message = message(new SlackFile("bad.bin", null, "not base64!", null),
                SlackFile.inline("big.bin", bytes(800 * KIB, 1)));

        FilePlan plan = offloader("relay-files", "").plan(message);

        assertThat(plan.uploads()).extracting(FilePlan.Upload::name).containsExactly("big.bin");
        assertThat(plan.message().files().get(0)).isEqualTo(message.files().get(0));
    }

    @Test
    void uploadsTheDecodedContentWithItsContentType() {
        byte[] content = bytes(800 * KIB, 7);
        FileOffloader offloader = offloader("relay-files", "in/");
        FilePlan plan = offloader.plan(message(SlackFile.inline("big.png", content)));

        offloader.upload(plan);

        assertThat(s3.puts()).singleElement().satisfies(put -> {
            assertThat(put.uri()).isEqualTo("s3://relay-files/in/" + FIRST + "/big.png");
            assertThat(put.request().contentType()).isEqualTo("image/png");
            assertThat(put.content()).isEqualTo(content);
        });
    }

    @Test
    void namesTheFileWhoseUploadFailed() {
        s3.failPuts(503);
        FileOffloader offloader = offloader("relay-files", "in/");
        FilePlan plan = offloader.plan(message(SlackFile.inline("big.png", bytes(800 * KIB, 7))));

        assertThatThrownBy(() -> offloader.upload(plan))
                .isInstanceOfSatisfying(FileUploadException.class, e -> {
                    assertThat(e.fileName()).isEqualTo("big.png");
                    assertThat(e.s3Uri()).isEqualTo("s3://relay-files/in/" + FIRST + "/big.png");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("big.png").hasMessageContaining("nothing queued");
    }
}
