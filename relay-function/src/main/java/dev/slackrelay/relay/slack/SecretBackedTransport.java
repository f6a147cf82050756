package dev.slackrelay.relay.slack;

import com.slack.api.Slack;
import dev.slackrelay.relay.secrets.SecretSource;
import java.time.Duration;
import java.util.Objects;

/** What both transports share: a Slack SDK client and the secret that authorises posts (token or webhook map). */
abstract class SecretBackedTransport implements SlackTransport {

    final Slack slack;
    final SecretSource secret;

    SecretBackedTransport(Slack slack, SecretSource secret) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.secret = Objects.requireNonNull(secret, "secret");
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

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
