package dev.slackrelay.local.pipeline;

/**
 * A relay that runs outside this JVM's event-source emulator, for example the standalone poller as a process of its
 * own, started and stopped by a {@link LocalPipeline}. It writes its delivery log to the pipeline's
 * {@link LocalPipeline#deliveryLog()}. Implementations say their own thread-safety.
 */
public interface RelayHost extends AutoCloseable {

    /** Starts polling; returns once the relay polls. */
    void start() throws InterruptedException;

    /** Stops polling and lets running posts finish. */
    @Override
    void close();
}
