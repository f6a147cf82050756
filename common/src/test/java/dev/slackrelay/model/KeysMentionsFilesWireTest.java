package dev.slackrelay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.DigestRenderer;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code thread_key}, {@code update_key}, {@code reply_broadcast}, e-mail mentions and {@code files} on the wire. */
class KeysMentionsFilesWireTest {

    @Test
    void theNewFieldsRoundTrip() {
        String wire = """
                {"channel":"C1","body":"42 % done","thread_key":"job-42","update_key":"job-42-status",\
                "mentions":["alice@example.com","U0BOB"],\
                "files":[{"name":"report.csv","title":"Report","content_base64":"YSxiCjEsMgo="},\
                {"name":"big.bin","s3":"s3://my-bucket/reports/big.bin"}]}""";

        SlackMessage m = WireFormat.decode(wire);

        assertThat(m.threadKey()).isEqualTo("job-42");
        assertThat(m.updateKey()).isEqualTo("job-42-status");
        assertThat(m.files()).extracting(SlackFile::name).containsExactly("report.csv", "big.bin");
        assertThat(m.files().get(0).inlineBytes()).isEqualTo(8);
        assertThat(m.files().get(1).s3Location()).contains(new SlackFile.S3Location("my-bucket", "reports/big.bin"));
        assertThat(WireFormat.decode(WireFormat.encode(m))).isEqualTo(m);
        // an update cannot add files; the rest is valid
        assertThat(MessageValidator.violations(m)).extracting(Violation::reason).containsExactly(
                "cannot be added by an update (update_key): post them apart");
        assertThat(MessageValidator.violations(m.toBuilder().updateKey(null).build())).isEmpty();
        SlackMessage withoutFiles = WireFormat.decode(wire.substring(0, wire.indexOf(",\"files\"")) + "}");
        assertThat(withoutFiles.files()).isEmpty();
        assertThat(MessageValidator.violations(withoutFiles)).isEmpty();
    }

    @Test
    void anUnresolvedEmailMentionIsRenderedAsTextNotAMention() {
        var rendered = BlockKitRenderer.render(SlackMessage.builder("C1").body("deploy done")
                .mention("alice@example.com", "U0BOB").build());

        assertThat(rendered.blocksJson()).contains("alice@example.com <@U0BOB> deploy done")
                .doesNotContain("<@alice");
    }

    @Test
    void badKeysMentionsAndFilesAreNamed() {
        SlackMessage m = SlackMessage.builder("C1").body("b").threadKey(" ").updateKey("x".repeat(256))
                .replyBroadcast(true).mention("alice@", "bob@example")
                .file(new SlackFile("a.txt", null, "not base64!", null))
                .file(new SlackFile("b.txt", null, "YQ==", "s3://b/k"))
                .file(new SlackFile(null, null, null, "s3://UPPER/k"))
                .file(new SlackFile("c.txt", null, null, "https://example.com/c.txt"))
                .build();

        assertThat(MessageValidator.violations(m)).extracting(Violation::field).containsExactlyInAnyOrder(
                "thread_key", "update_key", "mentions[0]", "mentions[1]", "files", "files[0].content_base64",
                "files[1]", "files[2].name", "files[2].s3", "files[3].s3");
    }

    @Test
    void filesAloneAreSomethingToPost() {
        SlackMessage filesOnly = SlackMessage.builder("C1").file(SlackFile.inline("a.txt", new byte[] {'a'})).build();

        assertThat(MessageValidator.violations(filesOnly)).isEmpty();
        assertThat(MessageValidator.violations(SlackMessage.builder("C1").build())).extracting(Violation::field)
                .containsExactly("(body)");
    }

    @Test
    void replyBroadcastNeedsAThread() {
        assertThat(MessageValidator.violations(SlackMessage.builder("C1").body("b").replyBroadcast(true)
                .threadKey("job-1").build())).isEmpty();
        assertThat(MessageValidator.violations(SlackMessage.builder("C1").body("b").replyBroadcast(true).build()))
                .extracting(Violation::field).containsExactly("reply_broadcast");
    }

    @Test
    void tooMuchInlineContentNamesTheFileAndTheWayOut() {
        byte[] big = new byte[(int) SlackLimits.INLINE_FILES_MAX_BYTES - 10];
        SlackMessage m = SlackMessage.builder("C1").body("b").file(SlackFile.inline("first.bin", big))
                .file(SlackFile.inline("second.csv", new byte[100])).build();

        assertThatThrownBy(() -> MessageValidator.validate(m)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("files[1]").hasMessageContaining("second.csv")
                .hasMessageContaining("s3://bucket/key");
    }

    @Test
    void wrongTypesInsideFilesAreNamed() {
        assertThatThrownBy(() -> WireFormat.decode("""
                {"channel":"C1","body":"b","thread_key":1,"reply_broadcast":"yes","files":[{"name":2,"s3":[]}]}"""))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("thread_key", "reply_broadcast",
                                "files[0].name", "files[0].s3"));
    }

    @Test
    void keyedMessagesAndFilesAreNeverFoldedIntoADigest() {
        SlackMessage plain = SlackMessage.builder("C1").body("a").build();

        assertThat(DigestRenderer.compatible(plain, SlackMessage.builder("C1").body("b").build())).isTrue();
        for (SlackMessage keyed : List.of(SlackMessage.builder("C1").body("b").threadKey("k").build(),
                SlackMessage.builder("C1").body("b").updateKey("k").build(),
                SlackMessage.builder("C1").body("b").file(SlackFile.inline("f", new byte[] {1})).build())) {
            assertThat(DigestRenderer.compatible(plain, keyed)).isFalse();
            assertThat(DigestRenderer.compatible(keyed, plain)).isFalse();
        }
    }

    @Test
    void aFileNeverShowsItsContentInText() {
        SlackFile file = SlackFile.inline("secret.txt", "hunter2".getBytes());

        assertThat(file.toString()).contains("secret.txt").doesNotContain(
                Base64.getEncoder().encodeToString("hunter2".getBytes()));
    }
}
