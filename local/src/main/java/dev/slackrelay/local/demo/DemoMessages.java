package dev.slackrelay.local.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;

/**
 * What the demo's simulated batch tasks post: numbered messages per channel (the number is in the title, so the
 * order Slack received them in can be checked), urgent messages (numbered apart, in their own title form), batch jobs'
 * messages by key (a status by {@code update_key}, a thread by {@code thread_key} whose last reply attaches a CSV
 * report; titles without {@code #}), messages the publisher must reject, and a foreign producer's body the relay
 * cannot decode. Stateless and thread-safe.
 */
final class DemoMessages {

    /** A channel that does not exist in the emulator's workspace (nor, presumably, in a real one). */
    static final String UNKNOWN_CHANNEL = "#no-such-channel";
    /** An extra channel the emulator knows but the demo does not post to. */
    static final String QUIET_CHANNEL = "#general";

    private static final List<String> NAMED = List.of("#builds", "#deploys", "#exports", "#alerts", "#billing");
    private static final List<String[]> SUBJECTS = List.of(
            new String[] {"Build", "passed"}, new String[] {"Deploy", "finished"},
            new String[] {"Export", "done"}, new String[] {"Check", "recovered"},
            new String[] {"Invoice run", "complete"});
    /** The number in a numbered message's title, which the fallback text starts with. */
    private static final Pattern NUMBER = Pattern.compile("#(\\d+) ");
    /** The number of an urgent message in its title; no {@code #}, so it never reads as a numbered message. */
    private static final Pattern URGENT = Pattern.compile("Urgent (\\d+): ");
    /** A job message's title; no {@code #}, so it never reads as a numbered message. */
    private static final Pattern JOB = Pattern.compile("Job \\d+(?:: started|: finished| log| step \\d+/\\d+ done)");
    /** A job's progress replies in its thread. */
    static final int JOB_STEPS = 3;

    private DemoMessages() {
    }

    /** The demo's channels: {@code #builds}, {@code #deploys}, ... then {@code #batch-06} onwards. */
    static List<String> channels(int count) {
        List<String> channels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            channels.add(i < NAMED.size() ? NAMED.get(i) : String.format("#batch-%02d", i + 1));
        }
        return channels;
    }

    /** Message {@code number} (1-based) of {@code channel}, as a batch task would report its result. */
    static SlackMessage numbered(String channel, int channelIndex, int number, String runId) {
        String[] subject = SUBJECTS.get(channelIndex % SUBJECTS.size());
        int rows = 1_000 + (number * 7_919) % 90_000;
        SlackMessage.Builder message = SlackMessage.builder(channel)
                .title(subject[0] + " #" + number + " " + subject[1])
                .body("task " + channel.substring(1) + "-" + number + ": " + rows + " rows in "
                        + (3 + number % 40) + " s\nlog: s3://batch-logs/" + runId + "/" + number + ".log")
                .username("batch-bot")
                .iconEmoji(":robot_face:");
        if (number % 10 == 0) {
            message.extraBlock("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"demo run "
                    + runId + "\"}]}");
        }
        return message.build();
    }

    /** Urgent message {@code number} (1-based) to {@code channel}: an alert that must not wait for the backlog. */
    static SlackMessage urgent(String channel, int number, String runId) {
        return SlackMessage.builder(channel).title("Urgent " + number + ": disk almost full on batch-db")
                .body("95% of /var/lib/batch used; the next tasks will fail (demo run " + runId + ")")
                .username("batch-bot").iconEmoji(":rotating_light:").priority(Priority.URGENT).build();
    }

    /**
     * The messages of batch job {@code number} (1-based) in publish order: its status "started" (by
     * {@code update_key}), its thread's first message and {@link #JOB_STEPS} progress replies (by
     * {@code thread_key}; the last attaches the job's {@link #jobReport report}, which the relay uploads into the
     * thread), then its status "finished" with the same {@code update_key}, which edits the first.
     */
    static List<SlackMessage> job(String channel, int number, String runId) {
        String updateKey = "demo-" + runId + "-job-" + number + "-status";
        String threadKey = "demo-" + runId + "-job-" + number + "-log";
        List<SlackMessage> messages = new ArrayList<>();
        messages.add(jobMessage(channel, "Job " + number + ": started").updateKey(updateKey).build());
        messages.add(jobMessage(channel, "Job " + number + " log").threadKey(threadKey).build());
        for (int step = 1; step <= JOB_STEPS; step++) {
            SlackMessage.Builder reply = jobMessage(channel, "Job " + number + " step " + step + "/" + JOB_STEPS
                    + " done").threadKey(threadKey);
            if (step == JOB_STEPS) {
                reply.file(jobReport(number));
            }
            messages.add(reply.build());
        }
        messages.add(jobMessage(channel, "Job " + number + ": finished").updateKey(updateKey).build());
        return messages;
    }

    /**
     * Job {@code number}'s report, inline: {@code job-1-report.csv}, titled {@code Job 1 report}, a CSV line of rows
     * per step; the same in every run.
     */
    static SlackFile jobReport(int number) {
        StringBuilder csv = new StringBuilder("step,rows\n");
        for (int step = 1; step <= JOB_STEPS; step++) {
            csv.append(step).append(',').append(1_000 + (number * 7_919 + step * 104_729) % 90_000).append('\n');
        }
        return SlackFile.inline("job-" + number + "-report.csv", csv.toString().getBytes(StandardCharsets.UTF_8))
                .withTitle("Job " + number + " report");
    }

    /** How many messages a job publishes. */
    static int jobMessages() {
        return JOB_STEPS + 3;
    }

    private static SlackMessage.Builder jobMessage(String channel, String title) {
        return SlackMessage.builder(channel).title(title).username("batch-bot").iconEmoji(":gear:");
    }

    /** The job message titles in a text Slack shows ({@code Job 1: started}, {@code Job 1 step 2/3 done}, ...). */
    static List<String> jobTitles(String text) {
        List<String> titles = new ArrayList<>();
        Matcher matcher = JOB.matcher(text == null ? "" : text);
        while (matcher.find()) {
            titles.add(matcher.group());
        }
        return titles;
    }

    /** The job message titles a post carries, in order, from its section texts or else its text. */
    static List<String> jobTitles(AcceptedPost post) {
        Set<String> titles = new LinkedHashSet<>();
        post.sectionTexts().forEach(text -> titles.addAll(jobTitles(text)));
        if (titles.isEmpty()) {
            titles.addAll(jobTitles(post.text()));
        }
        return List.copyOf(titles);
    }

    /**
     * The numbers of the numbered messages a post carries, in order: from its section texts, where each message's
     * title is (one for a single message, several for a digest), or else from its text.
     */
    static List<Integer> numbers(AcceptedPost post) {
        return numbers(post, NUMBER);
    }

    /** The numbers of the urgent messages a post carries (one at most: the urgent lane posts them one by one). */
    static List<Integer> urgentNumbers(AcceptedPost post) {
        return numbers(post, URGENT);
    }

    private static List<Integer> numbers(AcceptedPost post, Pattern pattern) {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String text : post.sectionTexts()) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        if (numbers.isEmpty()) {
            Matcher matcher = pattern.matcher(post.text() == null ? "" : post.text());
            if (matcher.find()) {
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return List.copyOf(numbers);
    }

    /** The number of a numbered message from the text Slack received, if it is one. */
    static OptionalInt number(String text) {
        Matcher matcher = NUMBER.matcher(text == null ? "" : text);
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /** The {@code i}-th message the publisher must reject (the kinds take turns). */
    static SlackMessage invalid(int i, String channel) {
        return switch (i % 4) {
            case 0 -> SlackMessage.builder(channel).build();
            case 1 -> SlackMessage.builder(channel).title("Deploy finished").mention("@oncall").build();
            case 2 -> SlackMessage.builder("#release notes").body("v1.4.2 is out").build();
            default -> SlackMessage.builder(channel).body("retry 3 of 3 failed").threadTs("yesterday").build();
        };
    }

    /** The {@code i}-th message to a channel that does not exist: valid, so only Slack can refuse it. */
    static SlackMessage toUnknownChannel(int i) {
        return SlackMessage.builder(UNKNOWN_CHANNEL).title("Cleanup #" + (i + 1) + " finished")
                .body("removed 12 stale snapshots").build();
    }

    /**
     * A body from a foreign producer that sends straight to SQS and misspells {@code channel}: it is not a valid
     * wire-format message, so the relay dead-letters it as poison.
     */
    static String poisonBody(int i) {
        return "{\"chanel\": \"#builds\", \"message\": \"nightly backup " + (i + 1) + " finished\"}";
    }
}
