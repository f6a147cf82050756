package dev.slackrelay.local.soak;

/**
 * Where the relay runs during a scenario: in this JVM behind the event-source emulator, or as the standalone poller
 * in a process of its own (which the kill scenario kills).
 */
sealed interface RelayHost extends AutoCloseable permits InProcessRelay, RelayProcess {

    /** Starts polling; returns once the relay polls. */
    void start() throws InterruptedException;

    /** Stops polling and lets running posts finish. */
    @Override
    void close();
}
