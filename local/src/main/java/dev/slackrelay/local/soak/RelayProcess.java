package dev.slackrelay.local.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.slackrelay.local.jvm.ChildEnvironment;
import dev.slackrelay.local.pipeline.DeliveryRecorder;
import dev.slackrelay.local.pipeline.RelayHost;
import dev.slackrelay.poller.PollerCommand;

/**
 * The standalone poller ({@code relay} command) in a JVM of its own, started from this JVM's class path and
 * configured only by environment variables, as a user would run it. It can be killed with SIGKILL and started
 * again. Its standard output (the delivery log) and error go to the pipeline's {@link DeliveryRecorder}.
 *
 * <p>Thread-safe for {@link #kill()} and {@link #close()} against the readers; start, kill and close are called
 * from one thread.
 */
final class RelayProcess implements RelayHost {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The poller lets its idle 20 s long polls run out on SIGTERM; it exits on its own within 30 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(35);
    private static final String READY_LINE = "relay: polling ";
    private static final int TAIL_LINES = 40;

    private final Map<String, String> env;
    private final DeliveryRecorder log;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile Process process;

    /** @param env the poller's environment: queue URLs, SQS endpoint, Slack token and URL, relay settings */
    RelayProcess(Map<String, String> env, DeliveryRecorder log) {
        this.env = Map.copyOf(env);
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Starts a poller process (again, after {@link #kill()}) and waits until it polls.
     *
     * @throws IllegalStateException if it exits or does not poll within a minute, with the end of its error output
     */
    @Override
    public void start() throws InterruptedException {
        // it gets its whole configuration from us, as a user would give it
        ProcessBuilder builder = ChildEnvironment.configure(new ProcessBuilder(command()), env);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command().getFirst(), e);
        }
        process = started;
        CountDownLatch ready = new CountDownLatch(1);
        pump(started.getInputStream(), "stdout", line -> {
            if (line.startsWith(READY_LINE)) {
                ready.countDown();
            }
            log.accept(line);
        });
        pump(started.getErrorStream(), "stderr", line -> {
            log.accept(line);
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                if (stderrTail.size() > TAIL_LINES) {
                    stderrTail.removeFirst();
                }
            }
        });
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                started.destroyForcibly();
                throw new IllegalStateException("the poller process " + (started.isAlive() ? "did not poll within "
                        + READY_TIMEOUT.toSeconds() + " s" : "exited with " + started.waitFor()) + "; its last"
                        + " error output:\n" + String.join("\n", stderrTail()));
            }
        }
    }

    private static List<String> command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // quick start-up matters more than peak speed for a poller that lives a few seconds
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                PollerCommand.class.getName());
    }

    private static void pump(InputStream stream, String name, Consumer<String> lines) {
        Thread.ofPlatform().daemon().name("soak-poller-" + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException processGone) {
                // the process was killed: its output ends here
            }
        });
    }

    /** The running process's ID. */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process dies at once, whatever it was doing; waits until it is gone. */
    void kill() throws InterruptedException {
        Process running = process;
        running.destroyForcibly();
        running.waitFor();
    }

    /** SIGTERM, as Ctrl-C: the poller lets running posts finish; SIGKILL if it takes too long. */
    @Override
    public void close() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly();
                running.waitFor();
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the process wrote to its error output. */
    List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }
}
