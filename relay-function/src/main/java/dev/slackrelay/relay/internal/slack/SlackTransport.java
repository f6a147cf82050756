package dev.slackrelay.relay.internal.slack;

import dev.slackrelay.render.RenderedMessage;

/** Posts one rendered message to Slack, exactly once per call: implementations never retry a post. Thread-safe. */
public interface SlackTransport extends AutoCloseable {

    /** Posts the message and classifies the answer; never throws for Slack's or the network's failures. */
    SlackOutcome post(RenderedMessage message);

    /**
     * Re-reads credentials after a {@link SlackOutcome.ConfigurationError}, as after a token rotation.
     *
     * @return whether they changed, so that one more attempt may succeed
     */
    boolean refreshCredentials();

    @Override
    void close();
}
