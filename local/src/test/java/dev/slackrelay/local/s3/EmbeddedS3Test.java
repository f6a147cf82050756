package dev.slackrelay.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** EmbeddedS3 as the real AWS SDK S3 client sees it. */
class EmbeddedS3Test {

    private static final String BUCKET = "relay-files";

    private EmbeddedS3 s3;
    private S3Client client;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.create().start();
        client = s3.newClient();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        client.close();
        s3.close();
    }

    @Test
    void storesWhatPutObjectSendsAndGetObjectReadsItBack() {
        byte[] content = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = client.putObject(p -> p.bucket(BUCKET).key("reports/r.csv").contentType("text/csv"),
                RequestBody.fromBytes(content));
        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(g -> g.bucket(BUCKET).key("reports/r.csv"));

        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(got.response().contentLength()).isEqualTo(content.length);
        assertThat(got.response().contentType()).isEqualTo("text/csv");
        assertThat(got.response().eTag()).isEqualTo(put.eTag()).isEqualTo("\"" + md5Hex(content) + "\"");
        assertThat(s3.get(BUCKET, "reports/r.csv")).hasValueSatisfying(o -> {
            assertThat(o.content()).isEqualTo(content);
            assertThat(o.uri()).isEqualTo("s3://relay-files/reports/r.csv");
        });
        assertThat(s3.objects()).hasSize(1);
    }

    @Test
    void headObjectGivesTheLengthTypeAndEtagWithoutTheContent() {
        client.putObject(p -> p.bucket(BUCKET).key("h.txt").contentType("text/plain"), RequestBody.fromString("hello"));

        HeadObjectResponse head = client.headObject(h -> h.bucket(BUCKET).key("h.txt"));

        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.eTag()).isEqualTo("\"" + md5Hex("hello".getBytes(StandardCharsets.UTF_8)) + "\"");
    }

    @Test
    void deleteObjectRemovesTheObject() {
        client.putObject(p -> p.bucket(BUCKET).key("gone.txt"), RequestBody.fromString("x"));

        client.deleteObject(d -> d.bucket(BUCKET).key("gone.txt"));

        assertThat(s3.get(BUCKET, "gone.txt")).isEmpty();
        assertThatThrownBy(() -> client.getObjectAsBytes(g -> g.bucket(BUCKET).key("gone.txt")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void answersNoSuchKeyForAMissingKeyOnGetAndHead() {
        assertThatThrownBy(() -> client.getObjectAsBytes(g -> g.bucket(BUCKET).key("missing")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                });
        assertThatThrownBy(() -> client.headObject(h -> h.bucket(BUCKET).key("missing")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void answersNoSuchBucketForAMissingBucket() {
        assertThatThrownBy(() -> client.getObjectAsBytes(g -> g.bucket("no-such-bucket").key("k")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                });
        assertThatThrownBy(() -> client.putObject(p -> p.bucket("no-such-bucket").key("k"),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
        assertThat(s3.objects()).isEmpty();
    }

    @Test
    void storesATwoMebibyteObjectByteForByte() {
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(11).nextBytes(content);

        client.putObject(p -> p.bucket(BUCKET).key("big.bin"), RequestBody.fromBytes(content));

        assertThat(s3.get(BUCKET, "big.bin").orElseThrow().content()).isEqualTo(content);
        assertThat(client.getObjectAsBytes(g -> g.bucket(BUCKET).key("big.bin")).asByteArray()).isEqualTo(content);
    }

    @Test
    void keepsKeysWithSpacesUnicodeAndSlashesAsGiven() {
        String key = "runs/2026 11/résumé ✓/report (final)+1.txt";

        client.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromString("ok"));

        assertThat(s3.get(BUCKET, key)).isPresent();
        assertThat(client.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("ok");
    }

    @Test
    void decodesAnAwsChunkedBodyWithSignaturesAndTrailers() throws Exception {
        String body = "5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";

        byte[] decoded = EmbeddedS3.AwsChunked.decode(
                new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));

        assertThat(new String(decoded, StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    private static String md5Hex(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
