package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.files.FilesCompleteUploadExternalResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The external upload flow, step by step and through the SDK's {@code filesUploadV2} helper. */
class FileUploadTest {

    private static final byte[] CSV = "job,status\n42,done\n".getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock)
            .channels(Set.of("C1", "C2")).archived(Set.of("C_OLD")).ratePerSecond(1).maxFileSize(1_000)
            .methodRate("files.getUploadURLExternal", new MethodRate(60, 20)).build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void uploadsIntoAChannelWithTheSdksFilesUploadV2() throws Exception {
        FilesUploadV2Response response = slack.methods(TOKEN).filesUploadV2(r -> r
                .channel("C1").filename("report.csv").title("Nightly report").fileData(CSV)
                .initialComment("Report of job 42"));

        assertThat(response.isOk()).isTrue();
        assertThat(response.getFile().getId()).startsWith("F");
        assertThat(response.getFile().getTitle()).isEqualTo("Nightly report");
        assertThat(response.getUploadResponses().values()).singleElement().satisfies(upload -> {
            assertThat(upload.getCode()).isEqualTo(200);
            assertThat(upload.getBody()).isEqualTo("OK - " + CSV.length);
        });
        UploadedFile file = emu.files().getFirst();
        assertThat(file.id()).isEqualTo(response.getFile().getId());
        assertThat(file.filename()).isEqualTo("report.csv");
        assertThat(file.content()).isEqualTo(CSV);
        assertThat(file.channel()).isEqualTo("C1");
        assertThat(file.threadTs()).isNull();

        AcceptedPost share = emu.posts("C1").getFirst();
        assertThat(share.source()).isEqualTo(AcceptedPost.Source.FILE_SHARE);
        assertThat(share.ts()).isEqualTo(file.messageTs());
        assertThat(emu.stats().channel("C1").accepted()).as("a file share is a message of the channel").isEqualTo(1);
        Message shown = slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")).getMessages().getFirst();
        assertThat(shown.getText()).isEqualTo("Report of job 42");
        assertThat(shown.getFiles()).singleElement().satisfies(f -> {
            assertThat(f.getId()).isEqualTo(file.id());
            assertThat(f.getName()).isEqualTo("report.csv");
            assertThat(f.getSize()).isEqualTo(CSV.length);
        });
        EmulatorStats stats = emu.stats();
        assertThat(stats.method("files.getUploadURLExternal").ok()).isEqualTo(1);
        assertThat(stats.method("upload").ok()).isEqualTo(1);
        assertThat(stats.method("files.completeUploadExternal").ok()).isEqualTo(1);
    }

    @Test
    void uploadsSeveralFilesIntoAThreadAsOneReply() throws Exception {
        String parent = slack.methods(TOKEN).chatPostMessage(r -> r.channel("C2").text("Job 9 started")).getTs();
        clock.advance(Duration.ofSeconds(1));

        FilesUploadV2Response response = slack.methods(TOKEN).filesUploadV2(r -> r.channel("C2").threadTs(parent)
                .uploadFiles(List.of(
                        FilesUploadV2Request.UploadFile.builder().filename("a.txt").content("alpha").build(),
                        FilesUploadV2Request.UploadFile.builder().filename("b.txt").content("beta").build())));

        assertThat(response.getFiles()).hasSize(2);
        assertThat(emu.files()).extracting(UploadedFile::threadTs).containsOnly(parent);
        ChannelMessage reply = emu.messages("C2").getLast();
        assertThat(reply.threadTs()).isEqualTo(parent);
        assertThat(reply.files()).extracting(UploadedFile::filename).containsExactly("a.txt", "b.txt");
        assertThat(emu.messages("C2").getFirst().replyCount()).isEqualTo(1);
        assertThat(slack.methods(TOKEN).conversationsHistory(r -> r.channel("C2")).getMessages())
                .as("a reply is not in the channel's history").hasSize(1);
    }

    @Test
    void acceptsTheBytesAsAMultipartFormAndHandsOutUniqueUploadUrls() throws Exception {
        FilesGetUploadURLExternalResponse first = uploadUrl("a.bin", CSV.length);
        FilesGetUploadURLExternalResponse second = uploadUrl("a.bin", CSV.length);
        assertThat(first.getUploadUrl()).startsWith(emu.baseUrl() + "/upload/").isNotEqualTo(second.getUploadUrl());
        assertThat(first.getFileId()).isNotEqualTo(second.getFileId());

        String boundary = "b0undary";
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"filename\"; "
                + "filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                + new String(CSV, StandardCharsets.ISO_8859_1) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(first.getUploadUrl()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.body()).isEqualTo("OK - " + CSV.length);
        FilesCompleteUploadExternalResponse completed = complete(first.getFileId(), "C1");
        assertThat(completed.isOk()).isTrue();
        assertThat(emu.files().getFirst().content()).isEqualTo(CSV);
    }

    @Test
    void keepsAFileCompletedWithoutAChannelPrivate() throws Exception {
        FilesUploadV2Response response = slack.methods(TOKEN).filesUploadV2(r -> r.filename("p.txt").content("x"));

        assertThat(response.isOk()).isTrue();
        assertThat(emu.files().getFirst().shared()).isFalse();
        assertThat(emu.posts()).isEmpty();
    }

    @Test
    void answersSlacksErrorsForUploadUrls() throws Exception {
        assertThat(uploadUrl("big.bin", 1_001).getError()).as("over the configured maximum")
                .isEqualTo("file_upload_size_restricted");
        assertThat(uploadUrl("empty.bin", 0).getError()).isEqualTo("missing_argument");
        assertThat(slack.methods(TOKEN).filesGetUploadURLExternal(r -> r.length(10)).getError())
                .isEqualTo("invalid_arguments");
        assertThat(slack.methods(TOKEN).filesGetUploadURLExternal(r -> r.filename("a").length(10)
                .altTxt("x".repeat(1_001))).getError()).isEqualTo("alt_txt_too_large");
        assertThat(slack.methods("xoxb-other").filesGetUploadURLExternal(r -> r.filename("a").length(10)).getError())
                .isEqualTo("invalid_auth");

        SlackFilesUploadV2Exception helper = catchThrowableOfType(SlackFilesUploadV2Exception.class,
                () -> slack.methods(TOKEN).filesUploadV2(r -> r.channel("C1").filename("big.bin")
                        .fileData(new byte[1_001])));
        assertThat(helper.getGetURLResponses()).singleElement()
                .satisfies(r -> assertThat(r.getError()).isEqualTo("file_upload_size_restricted"));
    }

    @Test
    void answersFileNotFoundForUnknownUnuploadedOrAlreadyCompletedFiles() throws Exception {
        assertThat(complete("F0NOSUCH", "C1").getError()).isEqualTo("file_not_found");
        FilesGetUploadURLExternalResponse ticket = uploadUrl("a.csv", CSV.length);
        assertThat(complete(ticket.getFileId(), "C1").getError()).as("bytes not uploaded yet")
                .isEqualTo("file_not_found");
        assertThat(upload(ticket.getUploadUrl(), CSV).statusCode()).isEqualTo(200);
        assertThat(upload(ticket.getUploadUrl(), CSV).statusCode()).as("an upload URL takes one upload")
                .isEqualTo(404);
        assertThat(complete(ticket.getFileId(), "C1").isOk()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(complete(ticket.getFileId(), "C1").getError()).as("completed once").isEqualTo("file_not_found");
        assertThat(upload(emu.baseUrl() + "/upload/v1/nope", CSV).statusCode()).isEqualTo(404);
        FilesGetUploadURLExternalResponse shortOne = uploadUrl("b.csv", CSV.length + 1);
        assertThat(upload(shortOne.getUploadUrl(), CSV).statusCode()).as("fewer bytes than announced")
                .isEqualTo(400);
    }

    @Test
    void refusesAnUnknownChannelAndLetsTheUploadBeCompletedLater() throws Exception {
        String fileId = uploaded("a.csv");

        assertThat(complete(fileId, "C404").getError()).isEqualTo("channel_not_found");
        assertThat(complete(fileId, "C_OLD").getError()).isEqualTo("is_archived");
        assertThat(complete(fileId, "C2").isOk()).isTrue();
        assertThat(emu.files()).singleElement().satisfies(f -> assertThat(f.channel()).isEqualTo("C2"));
    }

    @Test
    void pacesAFileShareLikeAPostOfItsChannel() throws Exception {
        slack.methods(TOKEN).chatPostMessage(r -> r.channel("C1").text("first"));
        String fileId = uploaded("a.csv");

        SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> complete(fileId, "C1"));

        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(complete(fileId, "C1").isOk()).as("the upload survives the 429").isTrue();
        assertThat(emu.stats().method("files.completeUploadExternal")).isEqualTo(
                new EmulatorStats.MethodStats(2, 1, 0, 1));
    }

    @Test
    void limitsUploadUrlsToTheirTier() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(uploadUrl("f" + i, 1).isOk()).isTrue();
        }

        SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> uploadUrl("f20", 1));

        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).isEqualTo("1");
    }

    @Test
    void injectsServerErrorsIntoTheNewMethodsToo() throws Exception {
        emu.faults().serverErrorRate(1.0);

        SlackApiException error = catchThrowableOfType(SlackApiException.class, () -> uploadUrl("a", 1));
        SlackApiException history = catchThrowableOfType(SlackApiException.class,
                () -> slack.methods(TOKEN).conversationsHistory(r -> r.channel("C1")));

        assertThat(error.getResponse().code()).isIn(500, 502, 503);
        assertThat(history.getResponse().code()).isIn(500, 502, 503);
        assertThat(emu.stats().method("files.getUploadURLExternal").calls()).isEqualTo(1);
        assertThat(emu.stats().method("files.getUploadURLExternal").ok()).isZero();
        assertThat(emu.stats().faultCount(EmulatorStats.FAULT_SERVER_ERROR)).isEqualTo(2);
    }

    private FilesGetUploadURLExternalResponse uploadUrl(String filename, int length) throws Exception {
        return slack.methods(TOKEN).filesGetUploadURLExternal(r -> r.filename(filename).length(length));
    }

    private FilesCompleteUploadExternalResponse complete(String fileId, String channel) throws Exception {
        FileDetails file = new FileDetails();
        file.setId(fileId);
        return slack.methods(TOKEN).filesCompleteUploadExternal(r -> r.files(List.of(file)).channelId(channel));
    }

    private static HttpResponse<String> upload(String url, byte[] content) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String uploaded(String filename) throws Exception {
        FilesGetUploadURLExternalResponse ticket = uploadUrl(filename, CSV.length);
        assertThat(upload(ticket.getUploadUrl(), CSV).statusCode()).isEqualTo(200);
        return ticket.getFileId();
    }
}
