package dev.slackrelay.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.emulator.UploadedFile;
import dev.slackrelay.local.demo.DemoReport.ChannelResult;
import dev.slackrelay.local.demo.DemoReport.DeadLetter;
import dev.slackrelay.local.demo.DemoReport.JobResult;
import dev.slackrelay.model.SlackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @Test
    void deliversEveryMessageInOrderAndDeadLettersOnlyTheBadOnes(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path deliveryLog = dir.resolve("delivery.log");
        DemoOptions options = DemoOptions.builder()
                .channels(3).messagesPerChannel(4).concurrency(4)
                .channelInterval(Duration.ofMillis(200)).emulatorRate(5)
                .invalidMessages(3).unknownChannelMessages(2).poisonMessages(1).urgentMessages(0).jobs(0)
                .publishWindow(Duration.ofMillis(300))
                .progress(DemoOptions.Progress.LINES).progressInterval(Duration.ofSeconds(1))
                .deliveryLog(deliveryLog)
                .build();

        DemoReport report = new Demo(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(report.timedOut()).isFalse();
        assertThat(report.published()).isEqualTo(3 * 4 + 2 + 1);
        assertThat(report.delivered()).isEqualTo(12);
        assertThat(report.deadLettered()).isEqualTo(3);
        assertThat(report.lost()).isZero();
        assertThat(report.unexpectedPosts()).isZero();
        assertThat(report.orderOk()).isTrue();
        assertThat(report.exitCode()).isZero();

        assertThat(report.channels()).extracting(ChannelResult::channel)
                .containsExactly("#builds", "#deploys", "#exports");
        for (ChannelResult channel : report.channels()) {
            assertThat(channel.published()).as(channel.channel()).isEqualTo(4);
            assertThat(channel.delivered()).as(channel.channel()).isEqualTo(4);
            assertThat(channel.inOrder()).as(channel.channel()).isTrue();
            // the relay never posts to a channel faster than the channel interval (5/s)
            assertThat(channel.postsPerSecond()).as(channel.channel()).isPositive().isLessThanOrEqualTo(5.0 * 1.05);
        }

        assertThat(report.deadLetters()).filteredOn(d -> d.origin().equals("unknown channel"))
                .hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.channel()).isEqualTo(DemoMessages.UNKNOWN_CHANNEL);
                    assertThat(d.slackError()).isEqualTo("channel_not_found");
                    assertThat(d.reason()).contains("channel_not_found");
                });
        assertThat(report.deadLetters()).filteredOn(d -> d.origin().equals("foreign producer"))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.reason()).startsWith("invalid_message").contains("channel");
                    assertThat(d.slackError()).isNull();
                });
        assertThat(report.deadLetters()).extracting(DeadLetter::origin)
                .containsOnly("unknown channel", "foreign producer");

        assertThat(report.rejected()).hasSize(3).allSatisfy(r -> assertThat(r.reasons()).isNotBlank());
        assertThat(report.rejected()).extracting(DemoReport.Rejection::reasons)
                .anySatisfy(reasons -> assertThat(reasons).startsWith("(body): nothing to post"))
                .anySatisfy(reasons -> assertThat(reasons).startsWith("mentions[0]"))
                .anySatisfy(reasons -> assertThat(reasons).startsWith("channel: must be"));
        assertThat(report.publishFailures()).isEmpty();

        assertThat(report.render()).contains("lost: 0 (must be 0)", "=> OK", "#no-such-channel",
                "rejected at publish (3)");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("slack-relay demo", "queued 15/15");
        assertThat(Files.readAllLines(deliveryLog))
                .filteredOn(line -> line.contains("\"outcome\":\"delivered\"")).hasSize(12);
    }

    @Test
    void foldsEachChannelsBacklogIntoDigestsWithEveryMessageDeliveredOnceInOrder() throws Exception {
        DemoOptions options = DemoOptions.builder()
                .channels(3).messagesPerChannel(30).concurrency(3).messagesPerPost(10)
                .channelInterval(Duration.ofMillis(200)).emulatorRate(5)
                .invalidMessages(0).unknownChannelMessages(0).poisonMessages(0).urgentMessages(0).jobs(0)
                .publishWindow(Duration.ofMillis(100)).progress(DemoOptions.Progress.NONE)
                .build();

        DemoReport report = new Demo(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run();

        assertThat(report.timedOut()).isFalse();
        assertThat(report.published()).isEqualTo(3 * 30);
        assertThat(report.delivered()).isEqualTo(3 * 30);
        assertThat(report.duplicates()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(report.unexpectedPosts()).isZero();
        assertThat(report.orderOk()).isTrue();
        assertThat(report.relay()).contains("up to 10 message(s) per post");
        for (ChannelResult channel : report.channels()) {
            assertThat(channel.delivered()).as(channel.channel()).isEqualTo(30);
            assertThat(channel.duplicates()).as(channel.channel()).isZero();
            assertThat(channel.inOrder()).as(channel.channel()).isTrue();
            assertThat(channel.posts()).as("a backlog of 30 folds into fewer posts: " + channel.channel())
                    .isPositive().isLessThan(30);
            assertThat(channel.rateLimited()).as(channel.channel()).isZero();
        }
        assertThat(report.render()).contains("90 notifications in", "=> OK");
    }

    @Test
    void deliversTheUrgentMessageOnceAndIdentifiedAheadOfItsChannelsBacklog() throws Exception {
        // 2 posts/s, slower than the batch tasks publish even on a busy machine: a backlog builds up in each channel
        DemoOptions options = DemoOptions.builder()
                .channels(2).messagesPerChannel(20).concurrency(2)
                .channelInterval(Duration.ofMillis(500)).emulatorRate(2)
                .invalidMessages(0).unknownChannelMessages(0).poisonMessages(0).urgentMessages(1).jobs(0)
                .publishWindow(Duration.ofSeconds(2)).progress(DemoOptions.Progress.NONE)
                .build();

        DemoReport report = new Demo(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run();

        assertThat(report.timedOut()).isFalse();
        assertThat(report.published()).isEqualTo(2 * 20 + 1);
        assertThat(report.delivered()).as("the urgent message is delivered, not lost").isEqualTo(2 * 20 + 1);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.unexpectedPosts()).as("the urgent post is identified").isZero();
        assertThat(report.orderOk()).as("the urgent message is no order violation of the numbered ones").isTrue();
        assertThat(report.channels()).allSatisfy(c -> assertThat(c.delivered()).isEqualTo(20));
        assertThat(report.urgent()).singleElement().satisfies(u -> {
            assertThat(u.channel()).as("the busiest channel, the first").isEqualTo("#builds");
            assertThat(u.number()).isEqualTo(1);
            assertThat(u.reachedSlack()).isNotNull();
            assertThat(u.deliveries()).as("delivered exactly once").isEqualTo(1);
            assertThat(u.latency()).isPositive();
            // at least one numbered message of #builds was queued before it reached Slack and reached Slack after it,
            // so it arrived before the channel's last numbered message
            assertThat(u.waiting()).isPositive().isLessThan(20);
        });
        assertThat(report.render()).contains("#builds urgent 1: published ", "reached Slack ", "once; ahead of ",
                "=> OK");
    }

    @Test
    void showsTheJobsStatusMessageEditedOnceAndItsThreadInOrder() throws Exception {
        DemoOptions options = DemoOptions.builder()
                .channels(2).messagesPerChannel(5).concurrency(2)
                .channelInterval(Duration.ofMillis(200)).emulatorRate(5)
                .invalidMessages(0).unknownChannelMessages(0).poisonMessages(0).urgentMessages(0).jobs(1)
                .publishWindow(Duration.ofMillis(300)).progress(DemoOptions.Progress.NONE)
                .build();

        DemoReport report = new Demo(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run();

        assertThat(report.timedOut()).isFalse();
        int jobMessages = 1 + 1 + DemoMessages.JOB_STEPS + 1;
        assertThat(report.published()).isEqualTo(2 * 5 + jobMessages);
        assertThat(report.delivered()).as("the final status is delivered as an update").isEqualTo(2 * 5 + jobMessages);
        assertThat(report.lost()).isZero();
        assertThat(report.unexpectedPosts()).as("every job post and update is identified").isZero();
        assertThat(report.orderOk()).as("job messages are no order violation of the numbered ones").isTrue();
        assertThat(report.channels()).allSatisfy(c -> assertThat(c.delivered()).isEqualTo(5));
        assertThat(report.duplicates()).isZero();
        assertThat(report.channels()).as("one post per message, the final status an edit, the report file no post")
                .extracting(ChannelResult::channel, ChannelResult::posts)
                .containsExactly(tuple("#builds", 5L), tuple("#deploys", 5L + 1 + 1 + DemoMessages.JOB_STEPS));
        assertThat(report.jobs()).singleElement().satisfies(job -> {
            assertThat(job.channel()).isEqualTo("#deploys");
            assertThat(job.status()).isEqualTo("Job 1: finished");
            assertThat(job.statusEdits()).as("edited once, in place").isEqualTo(1);
            assertThat(job.thread()).isEqualTo("Job 1 log");
            assertThat(job.replies()).containsExactly("Job 1 step 1/3 done", "Job 1 step 2/3 done",
                    "Job 1 step 3/3 done");
            assertThat(job.inOrder()).isTrue();
            assertThat(job.keyed()).as("Slack keeps the keys in message metadata").isTrue();
            assertThat(job.report()).isEqualTo("job-1-report.csv");
            assertThat(job.reportUploads()).as("uploaded once").isEqualTo(1);
            assertThat(job.reportInThread()).as("into the job's thread").isTrue();
            assertThat(job.reportIntact()).as("title and content as published").isTrue();
        });
        assertThat(report.ok()).isTrue();
        assertThat(report.render()).contains("#deploys job 1 status: \"Job 1: finished\", edited 1 time(s)",
                "#deploys job 1 thread: \"Job 1 log\", 3 replies: ", "=> in order",
                "#deploys job 1 report: job-1-report.csv uploaded once, in the thread, content as published",
                "jobs: ok   => OK");
    }

    @Test
    void judgesTheJobsReportByTheUploadsOfItsNameInItsChannel() {
        String thread = "1700000000.000002";
        List<ChannelMessage> messages = List.of(
                message("1700000000.000001", AcceptedPost.Source.API, null, "Job 1: finished"),
                message(thread, AcceptedPost.Source.API, null, "Job 1 log"),
                message("1700000000.000003", AcceptedPost.Source.API, thread, "Job 1 step 1/3 done"),
                message("1700000000.000004", AcceptedPost.Source.API, thread, "Job 1 step 2/3 done"),
                message("1700000000.000005", AcceptedPost.Source.API, thread, "Job 1 step 3/3 done"),
                message("1700000000.000006", AcceptedPost.Source.FILE_SHARE, thread, ""));
        SlackFile published = DemoMessages.jobReport(1);
        byte[] content = Base64.getDecoder().decode(published.contentBase64());
        UploadedFile report = upload("#deploys", "job-1-report.csv", "Job 1 report", content, thread);

        JobResult arrived = Demo.jobResult("#deploys", 1, messages, List.of(report,
                upload("#builds", "job-1-report.csv", "Job 1 report", new byte[1], null),
                upload("#deploys", "job-2-report.csv", "Job 2 report", new byte[1], thread)));
        assertThat(arrived.replies()).as("the file share adds no reply").containsExactly("Job 1 step 1/3 done",
                "Job 1 step 2/3 done", "Job 1 step 3/3 done");
        assertThat(arrived.report()).isEqualTo("job-1-report.csv");
        assertThat(arrived.reportUploads()).isEqualTo(1);
        assertThat(arrived.reportInThread()).isTrue();
        assertThat(arrived.reportIntact()).isTrue();
        assertThat(arrived.ok()).isTrue();

        JobResult missing = Demo.jobResult("#deploys", 1, messages, List.of());
        assertThat(missing.reportUploads()).isZero();
        assertThat(missing.ok()).isFalse();
        assertThat(Demo.jobResult("#deploys", 1, messages, List.of(report, report)).reportUploads()).isEqualTo(2);
        assertThat(Demo.jobResult("#deploys", 1, messages,
                List.of(upload("#deploys", "job-1-report.csv", "Job 1 report", content, "1700000000.000001")))
                .reportInThread()).as("shared beside the status message").isFalse();
        assertThat(Demo.jobResult("#deploys", 1, messages,
                List.of(upload("#deploys", "job-1-report.csv", "Job 1 report", new byte[] {'x'}, thread)))
                .reportIntact()).as("other content").isFalse();
        assertThat(Demo.jobResult("#deploys", 1, messages,
                List.of(upload("#deploys", "job-1-report.csv", "job-1-report.csv", content, thread)))
                .reportIntact()).as("no title").isFalse();
    }

    private static ChannelMessage message(String ts, AcceptedPost.Source source, String threadTs, String text) {
        return new ChannelMessage("#deploys", ts, source, threadTs, false,
                JsonNodeFactory.instance.objectNode().put("text", text).set("metadata",
                        JsonNodeFactory.instance.objectNode().put("event_type", "slack_relay_key")),
                List.of(), List.of());
    }

    private static UploadedFile upload(String channel, String name, String title, byte[] content, String threadTs) {
        return new UploadedFile("F" + name.hashCode(), name, title, content, null, null, channel, threadTs,
                "1700000000.000006", Instant.parse("2026-11-30T03:00:00Z"));
    }

    @Test
    void reportsFromTheRelaysOwnDeliveryLogWhenPostingToAnotherSlack() throws Exception {
        // stands in for real Slack: the demo starts no emulator of its own in this mode and cannot read this one
        try (SlackEmulator slack = SlackEmulator.builder().token("xoxb-real").channels(Set.of("C0REAL"))
                .ratePerSecond(5).build().start()) {
            DemoOptions options = DemoOptions.builder()
                    .realSlack("xoxb-real", "C0REAL").slackApiUrl(URI.create(slack.apiUrl()))
                    .messagesPerChannel(5).channelInterval(Duration.ofMillis(200))
                    .invalidMessages(1).unknownChannelMessages(1).poisonMessages(1).urgentMessages(0).jobs(0)
                    .publishWindow(Duration.ofMillis(200)).progress(DemoOptions.Progress.NONE)
                    .build();

            DemoReport report = new Demo(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run();

            assertThat(report.target()).contains(slack.apiUrl());
            assertThat(report.published()).isEqualTo(5 + 1 + 1);
            assertThat(report.delivered()).isEqualTo(5);
            assertThat(report.deadLettered()).isEqualTo(2);
            assertThat(report.lost()).isZero();
            assertThat(report.rejected()).hasSize(1);
            assertThat(report.channels()).singleElement().satisfies(c -> {
                assertThat(c.channel()).isEqualTo("C0REAL");
                assertThat(c.delivered()).isEqualTo(5);
                assertThat(c.inOrder()).isTrue();
                assertThat(c.spacingViolations()).as("not measurable without the emulator's record").isEqualTo(-1);
            });
            assertThat(report.ok()).isTrue();
            // what the relay reported matches what Slack received
            assertThat(slack.posts()).extracting(AcceptedPost::text)
                    .map(text -> DemoMessages.number(text).orElse(-1))
                    .containsExactly(1, 2, 3, 4, 5);
        }
    }
}
