package dev.slackrelay.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.slackrelay.local.demo.DemoReport.ChannelResult;
import dev.slackrelay.local.demo.DemoReport.DeadLetter;
import dev.slackrelay.local.demo.DemoReport.JobResult;
import dev.slackrelay.local.demo.DemoReport.Rejection;
import dev.slackrelay.local.demo.DemoReport.UrgentResult;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.render.BlockKitRenderer;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static ChannelResult channel(String name, boolean inOrder) {
        return new ChannelResult(name, 3, 3, 0, 3, 0.9, 0, 0, inOrder, inOrder ? null : "2 after 3");
    }

    private static DemoReport report(long lost, List<ChannelResult> channels) {
        return new DemoReport("Slack emulator", "5 workers", Duration.ofSeconds(4), 1.0, channels, List.of(), List.of(),
                List.of(new DeadLetter("#x", "slack_error: Slack answered channel_not_found", "channel_not_found", 1,
                        "unknown channel")),
                List.of(new Rejection("#a", "mentions[0]: must be a user ID")), List.of(), 7, 6 - lost, 1, 0,
                lost, 0, 0, 0, false);
    }

    @Test
    void isOkOnlyWhenNothingIsLostAndEveryChannelIsInOrder() {
        assertThat(report(0, List.of(channel("#a", true))).ok()).isTrue();
        assertThat(report(0, List.of(channel("#a", true))).exitCode()).isZero();

        DemoReport lost = report(1, List.of(channel("#a", true)));
        assertThat(lost.ok()).isFalse();
        assertThat(lost.exitCode()).isEqualTo(1);
        assertThat(lost.render()).contains("lost: 1 (must be 0)", "FAILED");

        DemoReport disordered = report(0, List.of(channel("#a", true), channel("#b", false)));
        assertThat(disordered.orderOk()).isFalse();
        assertThat(disordered.exitCode()).isEqualTo(1);
        assertThat(disordered.render()).contains("BROKEN: 2 after 3");
    }

    @Test
    void rendersDeadLettersWithTheirReasonAndTheRejections() {
        String text = report(0, List.of(channel("#a", true))).render();

        assertThat(text).contains("dead-lettered (1):", "#x", "unknown channel",
                "reason: slack_error: Slack answered channel_not_found", "rejected at publish (1):",
                "#a: mentions[0]: must be a user ID", "published 7 = delivered 6 + dead-lettered 1 + lost 0");
    }

    @Test
    void rendersEachUrgentMessageOnALineOfItsOwnWithItsLatencyAndWhatItOvertook() {
        Instant published = Instant.parse("2026-11-29T22:41:07.100Z");
        DemoReport report = new DemoReport("Slack emulator", "5 workers", Duration.ofSeconds(4), 1.0,
                List.of(channel("#a", true)),
                List.of(new UrgentResult("#a", 1, published, published.plusMillis(650), 1, 23),
                        new UrgentResult("#a", 2, published.plusSeconds(1), null, 0, -1)),
                List.of(), List.of(), List.of(), List.of(), 5, 4, 0, 0, 1, 0, 0, 0, false);

        assertThat(report.urgent().getFirst().latency()).isEqualTo(Duration.ofMillis(650));
        assertThat(report.render()).contains("urgent (2)",
                "  #a urgent 1: published 22:41:07.100, reached Slack 22:41:07.750, latency 0.650 s, once; ahead of"
                        + " 23 numbered message(s) of #a still waiting\n",
                "  #a urgent 2: published 22:41:08.100, NOT delivered\n");
    }

    @Test
    void rendersEachJobsStatusAndThreadAndFailsWhenAJobIsIncomplete() {
        JobResult done = new JobResult("#deploys", 1, "Job 1: finished", 1, "Job 1 log",
                List.of("Job 1 step 1/3 done", "Job 1 step 2/3 done", "Job 1 step 3/3 done"), true, true,
                "job-1-report.csv", 1, true, true);
        JobResult stuck = new JobResult("#deploys", 2, "Job 2: started", 0, "Job 2 log",
                List.of("Job 2 step 2/3 done", "Job 2 step 1/3 done"), true, false, "job-2-report.csv", 0, false,
                false);

        DemoReport ok = new DemoReport("Slack emulator", "5 workers", Duration.ofSeconds(4), 1.0,
                List.of(channel("#deploys", true)), List.of(), List.of(done), List.of(), List.of(),
                List.of(), 3, 3, 0, 0, 0, 0, 0, 0, false);
        DemoReport incomplete = new DemoReport("Slack emulator", "5 workers", Duration.ofSeconds(4), 1.0,
                List.of(channel("#deploys", true)), List.of(), List.of(done, stuck), List.of(), List.of(),
                List.of(), 3, 3, 0, 0, 0, 0, 0, 0, false);

        assertThat(ok.ok()).isTrue();
        assertThat(ok.render()).contains("jobs (1):",
                "  #deploys job 1 status: \"Job 1: finished\", edited 1 time(s); keys in message metadata\n",
                "  #deploys job 1 thread: \"Job 1 log\", 3 replies: Job 1 step 1/3 done, Job 1 step 2/3 done,"
                        + " Job 1 step 3/3 done => in order\n",
                "  #deploys job 1 report: job-1-report.csv uploaded once, in the thread, content as published\n",
                "jobs: ok   => OK");
        assertThat(incomplete.jobsOk()).isFalse();
        assertThat(incomplete.exitCode()).isEqualTo(1);
        assertThat(incomplete.render()).contains("#deploys job 2 status: \"Job 2: started\", edited 0 time(s)",
                "=> NOT in order or incomplete", "  #deploys job 2 report: job-2-report.csv NOT uploaded\n",
                "jobs: INCOMPLETE   => FAILED");
    }

    @Test
    void failsAJobWhoseReportDidNotArriveOnceInItsThreadAsPublished() {
        List<String> steps = List.of("Job 1 step 1/3 done", "Job 1 step 2/3 done", "Job 1 step 3/3 done");
        JobResult twice = new JobResult("#deploys", 1, "Job 1: finished", 1, "Job 1 log", steps, true, true,
                "job-1-report.csv", 2, true, true);
        JobResult elsewhere = new JobResult("#deploys", 1, "Job 1: finished", 1, "Job 1 log", steps, true, true,
                "job-1-report.csv", 1, false, true);
        JobResult altered = new JobResult("#deploys", 1, "Job 1: finished", 1, "Job 1 log", steps, true, true,
                "job-1-report.csv", 1, true, false);

        for (JobResult job : List.of(twice, elsewhere, altered)) {
            assertThat(job.ok()).as(job.toString()).isFalse();
            assertThat(jobReport(job).exitCode()).as(job.toString()).isEqualTo(1);
            assertThat(jobReport(job).render()).as(job.toString()).contains("jobs: INCOMPLETE   => FAILED");
        }
        assertThat(jobReport(twice).render()).contains("#deploys job 1 report: job-1-report.csv uploaded 2 times,"
                + " in the thread, content as published\n");
        assertThat(jobReport(elsewhere).render()).contains("uploaded once, NOT in the thread, content as published\n");
        assertThat(jobReport(altered).render()).contains("uploaded once, in the thread, content NOT as published\n");
    }

    private static DemoReport jobReport(JobResult job) {
        return new DemoReport("Slack emulator", "5 workers", Duration.ofSeconds(4), 1.0,
                List.of(channel("#deploys", true)), List.of(), List.of(job), List.of(), List.of(), List.of(), 3, 3, 0,
                0, 0, 0, 0, 0, false);
    }

    @Test
    void findsTheNumberOfANumberedMessageInTheTextSlackReceives() {
        for (int number : new int[] {1, 10, 57}) {
            SlackMessage message = DemoMessages.numbered("#builds", 0, number, "run1");
            String text = BlockKitRenderer.render(message).text();

            assertThat(DemoMessages.number(text)).hasValue(number);
        }
        assertThat(DemoMessages.number("Cleanup #1finished")).isEmpty();
        assertThat(DemoMessages.number("nightly backup finished")).isEmpty();
    }

    @Test
    void namesChannelsReadablyBeyondTheFirstFive() {
        assertThat(DemoMessages.channels(7)).containsExactly("#builds", "#deploys", "#exports", "#alerts",
                "#billing", "#batch-06", "#batch-07");
    }
}
