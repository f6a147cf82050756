package dev.slackrelay.local.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.slackrelay.emulator.AcceptedUpdate;

import dev.slackrelay.local.pipeline.Delivery;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.LocalPipeline;

/** Where the demo learns what Slack accepted. Thread-safe. */
sealed interface SlackRecord permits SlackRecord.Emulator, SlackRecord.RelayLog {

    /**
     * Every message Slack accepted, in acceptance order: one delivery per message a post carried, and one per message
     * an update carried (its post: the updated message's {@code ts}, as in the relay's delivery log).
     *
     * @param published what the demo queued, which tells the messages a post carries
     */
    List<Delivery> deliveries(BatchTasks published);

    long rateLimited();

    long rateLimited(String channel);

    /** Posts that reached Slack closer than its interval; -1 when unknown. */
    long spacingViolations(String channel);

    /** The posts per second per channel the target allows. */
    double rateLimit();

    String target();

    /** The emulator's record of accepted posts and updates: what Slack really received. */
    record Emulator(LocalPipeline pipeline) implements SlackRecord {
        @Override
        public List<Delivery> deliveries(BatchTasks published) {
            List<Delivery> deliveries = new ArrayList<>(pipeline.deliveries(published::identify));
            for (AcceptedUpdate update : pipeline.slack().updates()) {
                Instant at = update.arrival();
                deliveries.add(new Delivery(update.channel(), published.identify(update),
                        at.getEpochSecond() * 1000.0 + at.getNano() / 1e6, update.text(), update.ts()));
            }
            deliveries.sort(Comparator.comparingDouble(Delivery::atMillis));
            return List.copyOf(deliveries);
        }

        @Override
        public long rateLimited() {
            return pipeline.slack().stats().rateLimited();
        }

        @Override
        public long rateLimited(String channel) {
            return pipeline.slack().stats().channel(channel).rateLimited();
        }

        @Override
        public long spacingViolations(String channel) {
            return pipeline.slack().stats().channel(channel).spacingViolations();
        }

        @Override
        public double rateLimit() {
            return pipeline.slack().options().ratePerSecond();
        }

        @Override
        public String target() {
            return "Slack emulator " + pipeline.slack().apiUrl();
        }
    }

    /** The relay's delivery log: what the relay saw Slack accept (real Slack keeps no record we can read). */
    record RelayLog(DeliveryRecorder log, String target) implements SlackRecord {
        @Override
        public List<Delivery> deliveries(BatchTasks published) {
            return log.deliveries();
        }

        @Override
        public long rateLimited() {
            return log.entries().stream().filter(DeliveryRecorder.Entry::rateLimited).count();
        }

        @Override
        public long rateLimited(String channel) {
            return log.entries().stream().filter(e -> e.rateLimited() && e.channel().equals(channel)).count();
        }

        @Override
        public long spacingViolations(String channel) {
            return -1;
        }

        @Override
        public double rateLimit() {
            return 1.0;
        }
    }
}
