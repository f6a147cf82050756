package dev.slackrelay.local.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link Demo} run found: per channel what was delivered, how fast and in which order, how fast each urgent
 * message got through and what it overtook, how each batch job's status message, thread and report file look in
 * Slack, what was dead-lettered and why, what the publisher rejected, and whether anything was lost. Immutable and
 * thread-safe.
 *
 * @param target          where the posts went, e.g. {@code Slack emulator http://127.0.0.1:9000/api/}
 * @param relay           the relay's setup, in words (workers, channel interval)
 * @param elapsed         from the first publish until every message was settled (or the timeout)
 * @param rateLimit       the posts per second per channel the target allows (the emulator's rate, or 1.0 for Slack)
 * @param channels        one line per demo channel, in channel order
 * @param urgent          one line per urgent message queued, in number order
 * @param jobs            one entry per batch job, in number order (none against real Slack)
 * @param deadLetters     every message found in the dead-letter queue
 * @param rejected        every message the publisher refused before queueing it
 * @param publishFailures messages the publisher could not queue (SQS errors), in words; not counted as published
 * @param published       messages on the relay queue: numbered ones, those to the unknown channel and the poison
 * @param delivered       published messages Slack accepted at least once
 * @param deadLettered    published messages found in the dead-letter queue
 * @param duplicates      posts Slack accepted more than once for the same message (at-least-once delivery)
 * @param lost            published messages neither delivered nor dead-lettered: must be 0
 * @param unexpectedPosts accepted posts that match no published message
 * @param rateLimited     429 answers the relay got, over all channels
 * @param retries         invocations that left their message for redelivery (429s, transient errors)
 * @param timedOut        whether the run gave up waiting before every message was settled
 */
public record DemoReport(
        String target,
        String relay,
        Duration elapsed,
        double rateLimit,
        List<ChannelResult> channels,
        List<UrgentResult> urgent,
        List<JobResult> jobs,
        List<DeadLetter> deadLetters,
        List<Rejection> rejected,
        List<String> publishFailures,
        long published,
        long delivered,
        long deadLettered,
        long duplicates,
        long lost,
        long unexpectedPosts,
        long rateLimited,
        long retries,
        boolean timedOut) {

    public DemoReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(elapsed, "elapsed");
        channels = List.copyOf(channels);
        urgent = List.copyOf(urgent);
        jobs = List.copyOf(jobs);
        deadLetters = List.copyOf(deadLetters);
        rejected = List.copyOf(rejected);
        publishFailures = List.copyOf(publishFailures);
    }

    /**
     * One demo channel.
     *
     * @param channel           the channel
     * @param published         numbered messages queued for it
     * @param delivered         distinct numbered messages Slack accepted (notifications)
     * @param duplicates        accepted posts beyond the first of the same message
     * @param posts             posts Slack accepted, each counted once however many notifications it carried (a
     *                          digest carries several)
     * @param postsPerSecond    accepted posts per second between its first and last post; {@code NaN} with fewer
     *                          than two posts
     * @param rateLimited       429 answers for this channel
     * @param spacingViolations posts that reached the emulator closer than its channel interval; -1 when not
     *                          measured (real Slack)
     * @param inOrder           whether the numbers increase strictly in the order Slack first accepted each (a
     *                          duplicate does not count against the order)
     * @param orderDetail       the first place the order broke, or {@code null}
     */
    public record ChannelResult(String channel, long published, long delivered, long duplicates, long posts,
                                double postsPerSecond, long rateLimited, long spacingViolations, boolean inOrder,
                                String orderDetail) {
    }

    /**
     * An urgent message: how long it took on the urgent lane and how much of its channel's backlog it overtook.
     *
     * @param channel      the channel it went to
     * @param number       1, 2, ... in its title
     * @param publishedAt  when its publish call began
     * @param reachedSlack when Slack (the emulator, or in real-Slack mode the relay's delivery log) first accepted
     *                     it, or {@code null} if it was not delivered
     * @param deliveries   how often Slack accepted it: 1 when delivered exactly once
     * @param waiting      numbered messages of its channel that were queued before it reached Slack and reached Slack
     *                     after it (what it overtook); -1 if it was not delivered
     */
    public record UrgentResult(String channel, int number, Instant publishedAt, Instant reachedSlack, long deliveries,
                               long waiting) {

        public UrgentResult {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(publishedAt, "publishedAt");
        }

        /** From its publish call to Slack's acceptance, or {@code null} if it was not delivered. */
        public Duration latency() {
            return reachedSlack == null ? null : Duration.between(publishedAt, reachedSlack);
        }
    }

    /**
     * A batch job as its channel shows it at the end: its status message (posted by {@code update_key}, then edited
     * by the next message with that key), its thread (started and replied to by {@code thread_key}) and the report
     * file its last reply attached.
     *
     * @param channel        the job's channel
     * @param number         1, 2, ... in its titles
     * @param status         the status message's title now ({@code Job 1: finished}), or {@code null} if none is there
     * @param statusEdits    how often the status message was edited ({@code chat.update}s accepted)
     * @param thread         the title of the thread's first message, or {@code null} if none is there
     * @param replies        the titles of the thread's replies in thread order, each once (a duplicate is left out)
     * @param keyed          whether the status message and the thread's first message carry their key in Slack's
     *                       message metadata, where the relay finds it again
     * @param inOrder        whether the replies are every progress step, in publish order
     * @param report         the name of the report file the job attached ({@code job-1-report.csv})
     * @param reportUploads  how often a file of that name was uploaded into the channel: 1 when it arrived once
     * @param reportInThread whether there was such an upload and every one went into the job's thread (shared with
     *                       {@code thread_ts} = the thread's first message's {@code ts})
     * @param reportIntact   whether there was such an upload and every one has the title and content the job
     *                       published
     */
    public record JobResult(String channel, int number, String status, int statusEdits, String thread,
                            List<String> replies, boolean keyed, boolean inOrder, String report, int reportUploads,
                            boolean reportInThread, boolean reportIntact) {

        public JobResult {
            Objects.requireNonNull(channel, "channel");
            replies = List.copyOf(replies);
            Objects.requireNonNull(report, "report");
        }

        /**
         * The status reads "finished", the thread holds every step in order, and the report arrived once, in the
         * thread, as published.
         */
        public boolean ok() {
            return inOrder && thread != null && ("Job " + number + ": finished").equals(status) && reportUploads == 1
                    && reportInThread && reportIntact;
        }
    }

    /**
     * A message found in the dead-letter queue.
     *
     * @param channel      its message group (the channel it was meant for)
     * @param reason       the relay's {@code reason} attribute
     * @param slackError   the relay's {@code slackError} attribute, or {@code null}
     * @param receiveCount the relay's {@code receiveCount} attribute: the delivery attempt that gave up
     * @param origin       which demo message it was: {@code unknown channel}, {@code foreign producer},
     *                     {@code #builds message 17}, or {@code not published by the demo}
     */
    public record DeadLetter(String channel, String reason, String slackError, int receiveCount, String origin) {
    }

    /**
     * A message the publisher refused before queueing it.
     *
     * @param channel the message's channel as given
     * @param reasons every offending field and why
     */
    public record Rejection(String channel, String reasons) {
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Whether every channel's delivered numbers increase. */
    public boolean orderOk() {
        return channels.stream().allMatch(ChannelResult::inOrder);
    }

    /**
     * Whether every job's status was edited to "finished", its thread holds every step in order and its report
     * arrived once in the thread.
     */
    public boolean jobsOk() {
        return jobs.stream().allMatch(JobResult::ok);
    }

    /** Nothing lost, every channel in order, every job complete. */
    public boolean ok() {
        return lost == 0 && orderOk() && jobsOk();
    }

    /** The {@code demo} command's exit code: 0 when {@link #ok()}, 1 otherwise. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** The report as a text table, lines separated by {@code \n}. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "slack-relay demo report: %s, %s, %.1f s%n", target, relay,
                elapsed.toMillis() / 1000.0));
        if (timedOut) {
            s.append("TIMED OUT before every message was delivered or dead-lettered\n");
        }
        s.append('\n');
        int width = Math.max("channel".length(), channels.stream().mapToInt(c -> c.channel().length()).max()
                .orElse(0));
        String row = "%-" + width + "s  %9s  %9s  %6s  %7s  %8s  %5s  %9s  %s%n";
        s.append(String.format(Locale.ROOT, row, "channel", "published", "delivered", "posts", "posts/s",
                "of limit", "429s", "too close", "order"));
        long totalPublished = 0;
        long totalDelivered = 0;
        long totalPosts = 0;
        long total429 = 0;
        long totalClose = 0;
        boolean measured = true;
        for (ChannelResult c : channels) {
            totalPublished += c.published();
            totalDelivered += c.delivered();
            totalPosts += c.posts();
            total429 += c.rateLimited();
            if (c.spacingViolations() < 0) {
                measured = false;
            } else {
                totalClose += c.spacingViolations();
            }
            String rate = Double.isNaN(c.postsPerSecond()) ? "-"
                    : String.format(Locale.ROOT, "%.2f", c.postsPerSecond());
            String share = Double.isNaN(c.postsPerSecond()) ? "-"
                    : String.format(Locale.ROOT, "%.0f%%", 100 * c.postsPerSecond() / rateLimit);
            s.append(String.format(Locale.ROOT, row, c.channel(), c.published(),
                    c.delivered() + (c.duplicates() > 0 ? "+" + c.duplicates() + "dup" : ""), c.posts(), rate, share,
                    c.rateLimited(), c.spacingViolations() < 0 ? "-" : Long.toString(c.spacingViolations()),
                    c.inOrder() ? "ok" : "BROKEN: " + c.orderDetail()));
        }
        s.append(String.format(Locale.ROOT, row, "all", totalPublished, totalDelivered, totalPosts, "", "", total429,
                measured ? Long.toString(totalClose) : "-", orderOk() ? "ok" : "BROKEN"));
        s.append(String.format(Locale.ROOT, "(limit: %.2f posts/s per channel; 'delivered' counts notifications,"
                        + " 'posts' what carried them (urgent and job posts too): %d notifications in %d posts; 'too close' = posts Slack saw"
                        + " closer together than 0.9 x that, such as an urgent post beside its channel's backlog; redeliveries: %d after 429, %d after transient errors)%n",
                rateLimit, totalDelivered, totalPosts, Math.min(rateLimited, retries),
                Math.max(0, retries - rateLimited)));
        if (!urgent.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%nurgent (%d), on the urgent queue (times UTC):%n", urgent.size()));
        }
        for (UrgentResult u : urgent) {
            s.append(String.format(Locale.ROOT, "  %s urgent %d: published %s, ", u.channel(), u.number(),
                    CLOCK.format(u.publishedAt())));
            if (u.reachedSlack() == null) {
                s.append("NOT delivered\n");
                continue;
            }
            s.append(String.format(Locale.ROOT, "reached Slack %s, latency %.3f s, %s; ahead of %d numbered"
                            + " message(s) of %s still waiting%n", CLOCK.format(u.reachedSlack()),
                    u.latency().toNanos() / 1e9, u.deliveries() == 1 ? "once" : u.deliveries() + " times",
                    u.waiting(), u.channel()));
        }
        if (!jobs.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%njobs (%d): a status message edited by update_key, a thread by"
                    + " thread_key, a report file in the thread (as the channel shows them):%n", jobs.size()));
        }
        for (JobResult j : jobs) {
            s.append(String.format(Locale.ROOT, "  %s job %d status: %s, edited %d time(s)%s%n", j.channel(),
                    j.number(), j.status() == null ? "NOT found" : "\"" + j.status() + "\"", j.statusEdits(),
                    j.keyed() ? "; keys in message metadata" : ""));
            s.append(String.format(Locale.ROOT, "  %s job %d thread: %s, %d repl%s: %s => %s%n", j.channel(),
                    j.number(), j.thread() == null ? "NOT found" : "\"" + j.thread() + "\"", j.replies().size(),
                    j.replies().size() == 1 ? "y" : "ies", String.join(", ", j.replies()),
                    j.inOrder() ? "in order" : "NOT in order or incomplete"));
            s.append(String.format(Locale.ROOT, "  %s job %d report: %s %s%n", j.channel(), j.number(), j.report(),
                    j.reportUploads() == 0 ? "NOT uploaded" : String.format(Locale.ROOT, "uploaded %s, %s, %s",
                            j.reportUploads() == 1 ? "once" : j.reportUploads() + " times",
                            j.reportInThread() ? "in the thread" : "NOT in the thread",
                            j.reportIntact() ? "content as published" : "content NOT as published")));
        }

        s.append(String.format(Locale.ROOT, "%ndead-lettered (%d):%n", deadLetters.size()));
        int groupWidth = deadLetters.stream().mapToInt(d -> d.channel().length()).max().orElse(0);
        for (DeadLetter d : deadLetters) {
            s.append(String.format(Locale.ROOT, "  %-" + groupWidth + "s  %-24s  attempt %d  reason: %s%n",
                    d.channel(), d.origin(), d.receiveCount(), d.reason()));
        }
        s.append(String.format(Locale.ROOT, "%nrejected at publish (%d):%n", rejected.size()));
        for (Rejection r : rejected) {
            s.append(String.format(Locale.ROOT, "  %s: %s%n", r.channel(), r.reasons()));
        }
        if (!publishFailures.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%ncould not publish (%d):%n", publishFailures.size()));
            publishFailures.forEach(f -> s.append("  ").append(f).append('\n'));
        }
        s.append(String.format(Locale.ROOT, "%npublished %d = delivered %d + dead-lettered %d + lost %d"
                        + "   (duplicates %d, unexpected posts %d)%n", published, delivered, deadLettered, lost,
                duplicates, unexpectedPosts));
        s.append(String.format(Locale.ROOT, "lost: %d (must be 0)   order: %s%s   => %s%n", lost,
                orderOk() ? "ok" : "BROKEN", jobs.isEmpty() ? "" : "   jobs: " + (jobsOk() ? "ok" : "INCOMPLETE"),
                ok() ? "OK" : "FAILED"));
        return s.toString();
    }
}
