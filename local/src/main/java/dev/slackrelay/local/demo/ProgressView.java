package dev.slackrelay.local.demo;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Shows a demo run's progress: a progress bar on a terminal, plain lines elsewhere, or nothing. Not thread-safe. */
abstract sealed class ProgressView implements AutoCloseable {

    /**
     * A moment of the run.
     *
     * @param total        messages the run will queue
     * @param queued       messages queued so far
     * @param delivered    messages delivered so far
     * @param rateLimited  429 answers so far
     * @param deadLettered messages in the dead-letter queue
     */
    record Snapshot(Duration elapsed, long total, long queued, long delivered, long rateLimited, long deadLettered) {
        long settled() {
            return delivered + deadLettered;
        }
    }

    static ProgressView create(DemoOptions.Progress mode, PrintStream out, Duration interval) {
        return switch (mode) {
            case AUTO -> isTerminal() ? new Bar() : new Lines(out, interval);
            case LINES -> new Lines(out, interval);
            case NONE -> new None();
        };
    }

    /**
     * Whether a person watches. Since JDK 22 {@code System.console()} is not {@code null} even when the streams are
     * redirected; {@link Console#isTerminal()} tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    abstract void update(Snapshot snapshot);

    /** Shows the final state and releases the display. */
    abstract void finish(Snapshot snapshot);

    @Override
    public void close() {
    }

    static String counters(Snapshot s) {
        return String.format(Locale.ROOT, "queued %d/%d  delivered %d  429s %d  dead-lettered %d", s.queued(),
                s.total(), s.delivered(), s.rateLimited(), s.deadLettered());
    }

    static final class Bar extends ProgressView {
        private ProgressBar bar;

        @Override
        void update(Snapshot s) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("relaying").setInitialMax(s.total())
                        .setUpdateIntervalMillis(200).continuousUpdate().build();
            }
            bar.maxHint(s.total());
            bar.stepTo(s.settled());
            bar.setExtraMessage(String.format(Locale.ROOT, "queued %d  429s %d  DLQ %d", s.queued(),
                    s.rateLimited(), s.deadLettered()));
        }

        @Override
        void finish(Snapshot s) {
            update(s);
            close();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    static final class Lines extends ProgressView {
        private final PrintStream out;
        private final Duration interval;
        private Duration next = Duration.ZERO;

        Lines(PrintStream out, Duration interval) {
            this.out = out;
            this.interval = interval;
        }

        @Override
        void update(Snapshot s) {
            if (s.elapsed().compareTo(next) >= 0) {
                print(s);
                next = s.elapsed().plus(interval);
            }
        }

        @Override
        void finish(Snapshot s) {
            print(s);
        }

        private void print(Snapshot s) {
            out.printf(Locale.ROOT, "[%5.1f s] %s%n", s.elapsed().toMillis() / 1000.0, counters(s));
            out.flush();
        }
    }

    static final class None extends ProgressView {
        @Override
        void update(Snapshot snapshot) {
        }

        @Override
        void finish(Snapshot snapshot) {
        }
    }
}
