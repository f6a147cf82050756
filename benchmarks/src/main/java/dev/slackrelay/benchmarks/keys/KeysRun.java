package dev.slackrelay.benchmarks.keys;

import dev.slackrelay.emulator.AcceptedUpdate;
import dev.slackrelay.emulator.AnswerLatency;
import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.local.pipeline.DeadLetterQueue;
import dev.slackrelay.local.pipeline.LocalPipeline;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One B8 run on a fresh local pipeline: jobs that each post a status message by {@code update_key}, a thread of
 * progress messages by {@code thread_key}, and edit the status at the end; what Slack (the emulator) holds afterwards
 * and how many Web API calls it took. Not thread-safe; use once.
 */
final class KeysRun {

    static final String TOKEN = "xoxb-benchmark";
    private static final String PRODUCER = "b8-benchmark";
    private static final Duration INTERVAL = Duration.ofMillis(1000);
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(15);
    /** Messages 2..6 of a job. */
    static final int PROGRESS = 5;
    /** Per job: the "started" status, the progress messages, the "finished" status. */
    static final int PER_JOB = PROGRESS + 2;
    private static final int PUBLISH_BATCH = 10;

    /**
     * What one run does.
     *
     * @param channels    the channels, each its own message group
     * @param jobs        jobs in all, spread evenly over the channels
     * @param latency     Slack's processing time
     * @param burst       the emulator's per-channel burst
     * @param concurrency event-source workers
     * @param timeout     when to give up waiting
     */
    record Setting(List<String> channels, int jobs, AnswerLatency latency, int burst, int concurrency,
                   Duration timeout) {

        Setting {
            channels = List.copyOf(channels);
        }

        int messages() {
            return jobs * PER_JOB;
        }

        String channelOf(int job) {
            return channels.get((job - 1) % channels.size());
        }
    }

    /**
     * What a run observed.
     *
     * @param published     messages queued
     * @param outcomes      the relay's delivery log: outcome label → lines
     * @param deadLetters   dead letters drained at the end
     * @param stats         the emulator's counters at the end
     * @param messages      every channel's messages as they stand at the end
     * @param updates       every accepted {@code chat.update}, in acceptance order
     * @param settled       whether every message was delivered or dead-lettered before the timeout
     * @param settleSeconds from the relay's start until settled (or the timeout)
     */
    record Result(Setting setting, int published, Map<String, Long> outcomes, int deadLetters, EmulatorStats stats,
                  Map<String, List<ChannelMessage>> messages, List<AcceptedUpdate> updates, boolean settled,
                  double settleSeconds) {

        /** The most {@code chat.update}s accepted within any 60 s (Slack's Tier 3 is per workspace and minute). */
        int peakUpdatesPerMinute() {
            int peak = 0;
            int from = 0;
            for (int i = 0; i < updates.size(); i++) {
                while (updates.get(i).arrivalMillis() - updates.get(from).arrivalMillis() >= 60_000) {
                    from++;
                }
                peak = Math.max(peak, i - from + 1);
            }
            return peak;
        }
    }

    private final Setting setting;
    private final PrintStream progress;

    KeysRun(Setting setting, PrintStream progress) {
        this.setting = Objects.requireNonNull(setting, "setting");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    Result execute() throws InterruptedException {
        LocalPipeline.Builder setup = LocalPipeline.builder()
                .emulator(slack -> slack.token(TOKEN).ratePerSecond(1.0).burst(setting.burst())
                        .answerLatency(setting.latency()))
                .relay(relay -> relay.channelInterval(INTERVAL).messagesPerPost(1).metricsService(PRODUCER))
                .concurrency(setting.concurrency()).producer(PRODUCER);
        try (LocalPipeline pipeline = setup.start()) {
            pipeline.startRelay();
            long start = System.nanoTime();
            int published = publish(pipeline.publisher(), workload());
            long[] next = {start + PROGRESS_PERIOD.toNanos()};
            boolean settled = pipeline.awaitSettled(setting.timeout(), () -> accounted(pipeline) >= published, () -> {
                if (System.nanoTime() > next[0]) {
                    next[0] += PROGRESS_PERIOD.toNanos();
                    progress.printf(Locale.ROOT, "  B8: %d s, %d of %d accounted for, %d 429s%n",
                            (System.nanoTime() - start) / 1_000_000_000L, accounted(pipeline), published,
                            totalRateLimited(pipeline.slack().stats()));
                }
            });
            double settleSeconds = (System.nanoTime() - start) / 1e9;
            pipeline.stopRelay();
            DeadLetterQueue deadLetters = pipeline.deadLetters();
            deadLetters.drain();
            Map<String, List<ChannelMessage>> messages = new LinkedHashMap<>();
            for (String channel : setting.channels()) {
                messages.put(channel, pipeline.slack().messages(channel));
            }
            return new Result(setting, published, pipeline.deliveryLog().outcomes(), deadLetters.drained().size(),
                    pipeline.slack().stats(), messages, pipeline.slack().updates(), settled, settleSeconds);
        }
    }

    private static long accounted(LocalPipeline pipeline) {
        Map<String, Long> outcomes = pipeline.deliveryLog().outcomes();
        return outcomes.getOrDefault("delivered", 0L) + outcomes.getOrDefault("dead_lettered", 0L);
    }

    static long totalRateLimited(EmulatorStats stats) {
        return stats.methods().values().stream().mapToLong(EmulatorStats.MethodStats::rateLimited).sum();
    }

    /**
     * Every message in publish order: in each channel its jobs' sequences shuffled together (seeded) with each job's
     * own order kept, as concurrent jobs would publish them; the channels taken in turn.
     */
    List<SlackMessage> workload() {
        SplittableRandom random = new SplittableRandom(8);
        List<List<SlackMessage>> perChannel = new ArrayList<>();
        for (String channel : setting.channels()) {
            List<Integer> steps = new ArrayList<>();
            for (int job = 1; job <= setting.jobs(); job++) {
                if (setting.channelOf(job).equals(channel)) {
                    for (int s = 0; s < PER_JOB; s++) {
                        steps.add(job);
                    }
                }
            }
            // a random interleaving of the jobs' sequences: shuffle the multiset of job numbers, number in order
            for (int i = steps.size() - 1; i > 0; i--) {
                Collections.swap(steps, i, random.nextInt(i + 1));
            }
            Map<Integer, Integer> step = new LinkedHashMap<>();
            List<SlackMessage> messages = new ArrayList<>();
            for (int job : steps) {
                int s = step.merge(job, 1, Integer::sum);
                messages.add(message(channel, job, s));
            }
            perChannel.add(messages);
        }
        List<SlackMessage> all = new ArrayList<>();
        for (int i = 0; all.size() < setting.messages(); i++) {
            for (List<SlackMessage> messages : perChannel) {
                if (i < messages.size()) {
                    all.add(messages.get(i));
                }
            }
        }
        return all;
    }

    /** Step 1: status "started"; 2..6: progress (step 2 starts the thread); 7: status "finished". */
    static SlackMessage message(String channel, int job, int step) {
        String key = "job-" + job;
        SlackMessage.Builder b = SlackMessage.builder(channel);
        if (step == 1) {
            return b.updateKey(key).text(key + " status: started").build();
        }
        if (step == PER_JOB) {
            return b.updateKey(key).text(key + " status: finished").build();
        }
        return b.threadKey(key).text(key + " progress seq=" + (step - 1) + " of " + PROGRESS).build();
    }

    private static int publish(SlackRelayPublisher publisher, List<SlackMessage> messages) {
        int sent = 0;
        for (int from = 0; from < messages.size(); from += PUBLISH_BATCH) {
            List<SlackMessage> batch = messages.subList(from, Math.min(messages.size(), from + PUBLISH_BATCH));
            for (PublishResult result : publisher.publishAll(batch)) {
                switch (result) {
                    case PublishResult.Sent s -> sent++;
                    case PublishResult.Failed failed -> throw new IllegalStateException("could not queue: "
                            + failed.reason());
                    case PublishResult.Rejected rejected -> throw new IllegalStateException("rejected: "
                            + rejected.error().getMessage());
                }
            }
        }
        return sent;
    }
}
