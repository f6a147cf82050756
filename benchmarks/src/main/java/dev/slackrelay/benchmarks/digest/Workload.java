package dev.slackrelay.benchmarks.digest;

import java.time.Duration;
import java.util.Locale;

/** What a B5 run publishes. Immutable. */
sealed interface Workload permits Workload.Backlog, Workload.BatchTasks {

    /** Messages per channel. */
    int perChannel(int channels);

    /** In words, for headings and progress. */
    String label(int channels);

    /**
     * Every message queued before the relay starts: a channel's backlog.
     *
     * @param messagesPerChannel messages queued per channel
     */
    record Backlog(int messagesPerChannel) implements Workload {
        @Override
        public int perChannel(int channels) {
            return messagesPerChannel;
        }

        @Override
        public String label(int channels) {
            return channels + " × " + messagesPerChannel + " queued";
        }
    }

    /**
     * Batch tasks that finish at random moments of a window while the relay runs, each publishing one result to every
     * channel in one {@code SendMessageBatch} call: the seed's scenario (5,000 tasks × 5 messages to 5 channels).
     *
     * @param tasks  how many tasks
     * @param window the tasks finish spread over this long
     */
    record BatchTasks(int tasks, Duration window) implements Workload {
        @Override
        public int perChannel(int channels) {
            return tasks;
        }

        @Override
        public String label(int channels) {
            return String.format(Locale.ROOT, "%,d tasks × %d messages within %d s", tasks, channels,
                    window.toSeconds());
        }
    }
}
