package dev.slackrelay.emulator.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * External uploads between {@code files.getUploadURLExternal} and {@code files.completeUploadExternal}: each has a
 * file ID and an unguessable upload path (the upload itself carries no token, as with Slack), receives its bytes
 * once, and is claimed once by a completion.
 *
 * <p>Thread-safe: everything is guarded by {@code this}.
 */
final class UploadStore {

    /** The path prefix of upload URLs. */
    static final String PATH = "/upload/v1/";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> byId = new HashMap<>();
    private final Map<String, String> idByPath = new HashMap<>();
    private long sequence;

    /** One upload in progress. */
    static final class Pending {
        final String id;
        final String filename;
        final long length;
        final String altTxt;
        final String snippetType;
        byte[] content;

        Pending(String id, String filename, long length, String altTxt, String snippetType) {
            this.id = id;
            this.filename = filename;
            this.length = length;
            this.altTxt = altTxt;
            this.snippetType = snippetType;
        }
    }

    /** What a POST to an upload path did. */
    sealed interface Receipt {
        /** Stored. */
        record Stored(int length) implements Receipt {
        }

        /** No upload has this path, or its bytes already came. */
        record Unknown() implements Receipt {
        }

        /** More or fewer bytes than the {@code length} announced. */
        record WrongLength(long announced, int received) implements Receipt {
        }
    }

    /** A registered upload: its file ID and the path its bytes go to. */
    record Ticket(String fileId, String path) {
    }

    /** Registers an upload. */
    synchronized Ticket open(String filename, long length, String altTxt, String snippetType) {
        String id = "F0UPLOAD%06d".formatted(++sequence);
        byte[] secret = new byte[18];
        random.nextBytes(secret);
        String path = PATH + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byId.put(id, new Pending(id, filename, length, altTxt, snippetType));
        idByPath.put(path, id);
        return new Ticket(id, path);
    }

    synchronized Receipt receive(String path, byte[] content) {
        String id = idByPath.get(path);
        Pending pending = id == null ? null : byId.get(id);
        if (pending == null || pending.content != null) {
            return new Receipt.Unknown();
        }
        if (content.length != pending.length) {
            return new Receipt.WrongLength(pending.length, content.length);
        }
        pending.content = content;
        idByPath.remove(path);
        return new Receipt.Stored(content.length);
    }

    /**
     * Takes the uploads of {@code ids} for a completion, all or none.
     *
     * @return the uploads, or empty if any ID is unknown, already completed or its bytes never came
     */
    synchronized Optional<List<Pending>> claim(List<String> ids) {
        List<Pending> claimed = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Pending pending = byId.get(id);
            if (pending == null || pending.content == null) {
                return Optional.empty();
            }
            claimed.add(pending);
        }
        claimed.forEach(pending -> byId.remove(pending.id));
        return Optional.of(claimed);
    }

    /** Gives claimed uploads back when their completion failed (rate limit, channel error), so it can be retried. */
    synchronized void release(List<Pending> claimed) {
        claimed.forEach(pending -> byId.put(pending.id, pending));
    }

    synchronized void reset() {
        byId.clear();
        idByPath.clear();
    }
}
