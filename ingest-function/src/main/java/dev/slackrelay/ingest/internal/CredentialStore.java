package dev.slackrelay.ingest.internal;

import dev.slackrelay.ingest.IngestCredentials;
import dev.slackrelay.secrets.SecretSource;
import java.util.Objects;

/**
 * The current credentials: fixed ones (local), or those of the ingest secret, read on first use and re-read, at
 * most as often as the {@link SecretSource} allows, when a request names a token or hook they do not know (a
 * rotation). Thread-safe.
 */
public final class CredentialStore {

    private final SecretSource secret;
    private final Authenticator fixed;
    private volatile Parsed parsed;

    private record Parsed(String secret, Authenticator authenticator) {
    }

    private CredentialStore(SecretSource secret, Authenticator fixed) {
        this.secret = secret;
        this.fixed = fixed;
    }

    /** Credentials that never change. */
    public static CredentialStore fixed(IngestCredentials credentials) {
        return new CredentialStore(null, new Authenticator(credentials));
    }

    /** The credentials of a secret shaped as {@link IngestCredentials#fromSecret(String)} reads. */
    public static CredentialStore secret(SecretSource secret) {
        return new CredentialStore(Objects.requireNonNull(secret, "secret"), null);
    }

    /**
     * The current credentials.
     *
     * @throws RuntimeException when the secret cannot be read (an SDK exception) or is malformed
     *                          ({@link IllegalArgumentException}, never quoting it)
     */
    public Authenticator current() {
        if (fixed != null) {
            return fixed;
        }
        String value = secret.get();
        Parsed p = parsed;
        if (p == null || !p.secret().equals(value)) {
            p = new Parsed(value, new Authenticator(IngestCredentials.fromSecret(value)));
            parsed = p;
        }
        return p.authenticator();
    }

    /**
     * Re-reads the secret if it may have been rotated since (the source limits how often), and returns the current
     * credentials; {@code null} when nothing changed, so the caller need not check again.
     */
    public Authenticator refreshed() {
        if (fixed != null || !secret.refresh()) {
            return null;
        }
        return current();
    }
}
