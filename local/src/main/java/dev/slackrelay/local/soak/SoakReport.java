package dev.slackrelay.local.soak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a {@link Soak} found: per scenario, the reconciliation of what was published against what Slack accepted
 * (the emulator's record) and what was dead-lettered (the drained DLQ), and whatever could not be explained.
 * Immutable and thread-safe.
 *
 * @param options   what was run
 * @param elapsed   the whole run
 * @param scenarios one result per scenario, in the order run
 */
public record SoakReport(SoakOptions options, Duration elapsed, List<ScenarioResult> scenarios) {

    public SoakReport {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(elapsed, "elapsed");
        scenarios = List.copyOf(scenarios);
    }

    /**
     * One scenario's reconciliation.
     *
     * @param scenario                  what was injected
     * @param elapsed                   from the first publish until everything settled (or the time ran out)
     * @param timedOut                  whether the run gave up before every message was settled
     * @param published                 messages on the relay queue: numbered ones and foreign poison
     * @param delivered                 published messages Slack accepted at least once
     * @param duplicates                accepted posts beyond the first of the same message
     * @param duplicatesAfterLostAnswer duplicates of messages whose answer the relay lost (timeout, dropped
     *                                  connection after sending): the relay cannot know Slack posted them
     * @param duplicatesAfterKill       duplicates of messages Slack accepted before the restarted poller polled and
     *                                  again after the kill: the poller was killed between Slack's answer and the
     *                                  delete
     * @param unexplainedDuplicates     duplicates neither of the above explains: must be 0
     * @param deadLettered              published messages found in the dead-letter queue
     * @param deadLetterReasons         dead letters by reason ({@code slack_error: channel_not_found},
     *                                  {@code invalid_message}, ...)
     * @param deadLettersWithoutReason  dead letters with no {@code reason} attribute: must be 0
     * @param misrouted                 messages that ended the wrong way (a healthy one dead-lettered, poison
     *                                  delivered, a dead letter with the wrong reason) or posts and dead letters that
     *                                  match nothing published, in words: must be empty
     * @param lost                      published messages neither delivered nor dead-lettered: must be 0
     * @param outOfOrder                channels whose first deliveries are not in publish order, with where: must
     *                                  be empty
     * @param rateLimited               429 answers, all channels
     * @param healthyRateLimited        429 answers to healthy channels (the relay's pacing keeps them under the
     *                                  limit): must be 0
     * @param maxHealthyGapMillis       the longest time between two accepted posts of one healthy channel; -1 if
     *                                  none had two
     * @param maxHealthyExcessMillis    the longest such gap minus what the channel's own trouble explains (the
     *                                  channel interval, its own failed attempts and their backoff or
     *                                  {@code Retry-After}): time a healthy channel waited for nothing of its own;
     *                                  gaps that overlap the poller's kill, its restart and the long-poll wait after
     *                                  it (SQS still hands the dead poller's pending long polls messages, which then
     *                                  come back only after a visibility timeout) are left out; -1 if none
     * @param healthyDoneBeforeStorm    whether every healthy channel's last post came before the storm channels'
     *                                  last post (only meaningful with a storm)
     * @param healthyTooClose           posts to healthy channels that reached the emulator more than a tenth of the
     *                                  channel interval too early after the previous one (a request delayed on its
     *                                  way makes the next one look a little early; Slack's bursts tolerate that)
     * @param pages                     accepted posts that would page a channel ({@code <!channel>}, {@code <!here>},
     *                                  {@code <!everyone>}) although no message asked to: must be 0
     * @param secretLeaks               log lines and dead letters containing the bot token: must be 0
     * @param faults                    faults the emulator injected, by kind
     * @param kill                      the poller kill, or {@code null} if there was none
     * @param problems                  everything above that must not happen, in words; empty when all is well
     */
    public record ScenarioResult(
            Scenario scenario,
            Duration elapsed,
            boolean timedOut,
            long published,
            long delivered,
            long duplicates,
            long duplicatesAfterLostAnswer,
            long duplicatesAfterKill,
            long unexplainedDuplicates,
            long deadLettered,
            Map<String, Long> deadLetterReasons,
            long deadLettersWithoutReason,
            List<String> misrouted,
            long lost,
            List<String> outOfOrder,
            long rateLimited,
            long healthyRateLimited,
            long maxHealthyGapMillis,
            long maxHealthyExcessMillis,
            boolean healthyDoneBeforeStorm,
            long healthyTooClose,
            long pages,
            long secretLeaks,
            Map<String, Long> faults,
            KillReport kill,
            List<String> problems) {

        public ScenarioResult {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(elapsed, "elapsed");
            deadLetterReasons = Map.copyOf(deadLetterReasons);
            misrouted = List.copyOf(misrouted);
            outOfOrder = List.copyOf(outOfOrder);
            faults = Map.copyOf(faults);
            problems = List.copyOf(problems);
        }

        /** Nothing lost, misrouted, out of order, unexplained or leaked. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** Dead letters whose reason starts with {@code prefix}. */
        public long deadLettered(String prefix) {
            return deadLetterReasons.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** How often the emulator injected the fault {@code kind} (see {@code EmulatorStats.FAULT_*}). */
        public long faultCount(String kind) {
            return faults.getOrDefault(kind, 0L);
        }
    }

    /**
     * The poller's kill.
     *
     * @param pid         the killed process
     * @param at          how long after the scenario started it was killed
     * @param postsBefore posts Slack had accepted by then
     * @param restartTook from the kill until the new poller process polled
     */
    public record KillReport(long pid, Duration at, long postsBefore, Duration restartTook) {
    }

    /** Whether every scenario is {@link ScenarioResult#ok()}. */
    public boolean ok() {
        return scenarios.stream().allMatch(ScenarioResult::ok);
    }

    /** The {@code soak} command's exit code: 0 when {@link #ok()}, 1 otherwise. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** The result of {@code scenario}. */
    public ScenarioResult scenario(Scenario scenario) {
        return scenarios.stream().filter(s -> s.scenario() == scenario).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(scenario.label() + " was not run"));
    }

    /** The reconciliation table and what it found, lines separated by {@code \n}. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "slack-relay fault matrix: %d healthy channels x %d messages, channel"
                        + " interval %d ms, storm Retry-After up to %d s, seed %d; %d scenario(s) in %.1f s%n%n",
                options.channels(), options.messagesPerChannel(), options.channelInterval().toMillis(),
                options.stormInterval().toSeconds(), options.seed(), scenarios.size(), seconds(elapsed)));
        String row = "%-13s %7s %9s %9s %5s %6s %5s %-6s %5s %7s %8s %9s  %s%n";
        s.append(String.format(Locale.ROOT, row, "scenario", "time", "published", "delivered", "dup", "dead", "lost",
                "order", "429s", "healthy", "max gap", "not own", "result"));
        s.append(String.format(Locale.ROOT, row, "", "", "", "", "", "", "", "", "", "429s", "healthy", "wait", ""));
        for (ScenarioResult r : scenarios) {
            s.append(String.format(Locale.ROOT, row, r.scenario().label(),
                    String.format(Locale.ROOT, "%.1f s", seconds(r.elapsed())), r.published(), r.delivered(),
                    r.duplicates(), r.deadLettered(), r.lost(), r.outOfOrder().isEmpty() ? "ok" : "BROKEN",
                    r.rateLimited(), r.healthyRateLimited(), millis(r.maxHealthyGapMillis()),
                    millis(r.maxHealthyExcessMillis()), r.ok() ? "OK" : "FAILED"));
        }
        s.append("(dup: posts Slack accepted twice; dead: dead-lettered; healthy: channels no fault is aimed at;"
                + " not own wait: the longest wait of a healthy channel beyond its interval and its own retries)\n");

        s.append("\npublished = delivered + dead-lettered + lost\n");
        for (ScenarioResult r : scenarios) {
            s.append(String.format(Locale.ROOT, "  %-13s %d = %d + %d + %d%s%n", r.scenario().label(), r.published(),
                    r.delivered(), r.deadLettered(), r.lost(), r.timedOut() ? "   (TIMED OUT)" : ""));
        }
        s.append("\ndead letters by reason\n");
        if (scenarios.stream().allMatch(r -> r.deadLetterReasons().isEmpty())) {
            s.append("  none\n");
        }
        for (ScenarioResult r : scenarios) {
            if (!r.deadLetterReasons().isEmpty()) {
                s.append(String.format(Locale.ROOT, "  %-13s %s%n", r.scenario().label(),
                        joined(r.deadLetterReasons())));
            }
        }
        s.append("\nduplicates\n");
        if (scenarios.stream().allMatch(r -> r.duplicates() == 0)) {
            s.append("  none\n");
        }
        for (ScenarioResult r : scenarios) {
            if (r.duplicates() > 0) {
                s.append(String.format(Locale.ROOT, "  %-13s %d: answer lost (timeout) %d, poller killed between"
                                + " Slack's ok and the delete %d, unexplained %d%n", r.scenario().label(),
                        r.duplicates(), r.duplicatesAfterLostAnswer(), r.duplicatesAfterKill(),
                        r.unexplainedDuplicates()));
            }
        }
        s.append("\nfaults injected\n");
        for (ScenarioResult r : scenarios) {
            s.append(String.format(Locale.ROOT, "  %-13s %s%s%s%n", r.scenario().label(),
                    r.faults().isEmpty() ? "none by the emulator" : joined(r.faults()),
                    r.scenario().has(Scenario.Fault.RATE_LIMIT_STORM) ? "; 429 storm, healthy channels done "
                            + (r.healthyDoneBeforeStorm() ? "before" : "AFTER") + " the storm channels" : "",
                    r.kill() == null ? "" : String.format(Locale.ROOT, "; poller (pid %d) SIGKILLed at %.1f s"
                                    + " after %d posts, polling again %.1f s later", r.kill().pid(),
                            seconds(r.kill().at()), r.kill().postsBefore(), seconds(r.kill().restartTook()))));
        }
        s.append("\nchecks: pages (unrequested <!channel>/<!here>) ")
                .append(scenarios.stream().mapToLong(ScenarioResult::pages).sum())
                .append(", bot token in logs or dead letters ")
                .append(scenarios.stream().mapToLong(ScenarioResult::secretLeaks).sum())
                .append(", healthy posts closer than half the channel interval ")
                .append(scenarios.stream().mapToLong(ScenarioResult::healthyTooClose).sum()).append('\n');
        s.append("\nproblems\n");
        boolean any = false;
        for (ScenarioResult r : scenarios) {
            for (String problem : r.problems()) {
                s.append(String.format(Locale.ROOT, "  %-13s %s%n", r.scenario().label(), problem));
                any = true;
            }
        }
        if (!any) {
            s.append("  none\n");
        }
        s.append(ok() ? "=> OK: nothing lost, every channel in order, every dead letter with its reason,"
                + " every duplicate explained\n" : "=> FAILED\n");
        return s.toString();
    }

    private static String joined(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
}
