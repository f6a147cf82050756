package dev.slackrelay.relay.internal.slack;

import com.slack.api.Slack;
import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.secrets.SecretSource;
import java.time.Duration;
import java.util.Objects;

/** What both transports share: a Slack SDK client and the secret that authorises posts (token or webhook map). */
abstract class SecretBackedTransport implements SlackTransport {

    final Slack slack;
    final SecretSource secret;
    final RelayClock clock;

    SecretBackedTransport(Slack slack, SecretSource secret, RelayClock clock) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public final boolean refreshCredentials() {
        try {
            return secret.refresh();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public final void close() {
        try {
            slack.close();
        } catch (Exception e) {
            // nothing to do: the process is ending
        }
    }

    Duration since(long startNanos) {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }
}
