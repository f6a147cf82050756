package dev.slackrelay.poller.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running command be stopped by Ctrl-C / SIGTERM (through a JVM shutdown hook) or by a test, and lets the
 * hook wait until the command has shut down cleanly before the JVM exits. Thread-safe.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    /** Asks the command to stop; idempotent. */
    public void request() {
        requested.countDown();
    }

    /** Blocks until {@link #request()}. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Whether {@link #request()} was called. */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /**
     * Registers a shutdown hook that requests the stop, then waits up to {@code shutdownTime} for {@link #finished()}.
     */
    public synchronized void installShutdownHook(String name, Duration shutdownTime) {
        hook = new Thread(() -> {
            request();
            try {
                finished.await(shutdownTime.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command has shut down: releases a waiting hook and unregisters it unless the JVM is already exiting. */
    public synchronized void finished() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the hook is running (Ctrl-C): it returns now that we are done
            }
            hook = null;
        }
    }
}
