package dev.slackrelay.ingest.internal;

import dev.slackrelay.ingest.HookTarget;
import dev.slackrelay.ingest.IngestCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One set of credentials, held so that checking them leaks nothing through timing: tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual} against every configured token, without an early exit; hooks are
 * looked up by the SHA-256 of their ID, so how long a look-up takes says nothing about the IDs. Immutable and
 * thread-safe.
 */
public final class Authenticator {

    private final List<byte[]> tokenDigests;
    private final Map<String, HookTarget> hooksByDigest;

    public Authenticator(IngestCredentials credentials) {
        this.tokenDigests = credentials.tokens().stream().map(Authenticator::sha256).toList();
        Map<String, HookTarget> hooks = new HashMap<>();
        credentials.hooks().forEach((id, target) -> hooks.put(hex(id), target));
        this.hooksByDigest = Map.copyOf(hooks);
    }

    /** Whether {@code token} is one of the configured tokens. */
    public boolean acceptsToken(String token) {
        byte[] presented = sha256(token);
        boolean match = false;
        for (byte[] digest : tokenDigests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    /** The hook of {@code hookId}, or {@code null} when there is none. */
    public HookTarget hook(String hookId) {
        return hooksByDigest.get(hex(hookId));
    }

    private static String hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
