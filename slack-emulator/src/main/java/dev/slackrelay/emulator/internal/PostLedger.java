package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.AcceptedUpdate;
import dev.slackrelay.emulator.ChannelMessage;
import dev.slackrelay.emulator.EmulatorOptions;
import dev.slackrelay.emulator.EmulatorStats;
import dev.slackrelay.emulator.UploadedFile;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The emulator's memory: rate-limit buckets, the record of accepted posts, updates and files, the channels' messages
 * and every counter.
 *
 * <p>Thread-safe: everything is guarded by {@code this}; admission (rate check, timestamp, spacing check, record) is
 * one atomic step, so the record's order is the acceptance order.
 */
public final class PostLedger {

    private final LongSupplier nanoTime;
    private final InstantSource clock;
    private final long originNanos;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final RateLimiter limiter;
    private final ChannelHistory history;

    private final List<AcceptedPost> posts = new ArrayList<>();
    private final Map<String, Long> lastAcceptedNanos = new HashMap<>();
    private final Map<String, long[]> channelCounters = new HashMap<>();
    private final Map<String, Long> errors = new HashMap<>();
    private final Map<String, Long> faults = new HashMap<>();
    private final Map<String, long[]> methodCounters = new HashMap<>();
    private final List<AcceptedUpdate> updates = new ArrayList<>();
    private final List<UploadedFile> files = new ArrayList<>();
    private long accepted;
    private long rateLimited;
    private long spacingViolations;
    private long lastTsMicros;

    public PostLedger(EmulatorOptions options, LongSupplier nanoTime, InstantSource clock) {
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.originNanos = nanoTime.getAsLong();
        this.intervalNanos = options.channelInterval().toNanos();
        this.toleranceNanos = options.spacingTolerance().toNanos();
        this.limiter = new RateLimiter(options.ratePerSecond(), options.burst(), options.workspacePerMinute(),
                options.effectiveWorkspaceBurst(), options.methodRates());
        this.history = new ChannelHistory(new ObjectMapper());
    }

    /**
     * Accepts and records a valid post if the buckets of {@code bucketKey} and the workspace allow it.
     *
     * @param channelRate the channel's own rate (posts per second) instead of the emulator's, if it has one
     * @return {@link PostResult.Accepted} or {@link PostResult.RateLimited}
     */
    synchronized PostResult admit(String channel, String bucketKey, JsonNode payload, AcceptedPost.Source source,
                                  OptionalDouble channelRate) {
        return admit(channel, bucketKey, payload, source, channelRate, List.of());
    }

    /**
     * As {@link #admit(String, String, JsonNode, AcceptedPost.Source, OptionalDouble)}, for a message sharing
     * {@code uploads} (a file share): on acceptance they are recorded as files of the new message.
     */
    synchronized PostResult admit(String channel, String bucketKey, JsonNode payload, AcceptedPost.Source source,
                                  OptionalDouble channelRate, List<UploadStore.Pending> uploads) {
        long now = nanoTime.getAsLong();
        long wait = limiter.tryAcquire(bucketKey, now, channelRate);
        long[] counters = channelCounters.computeIfAbsent(channel, c -> new long[3]);
        if (wait > 0) {
            rateLimited++;
            counters[1]++;
            return new PostResult.RateLimited(Math.max(1, Math.ceilDiv(wait, 1_000_000_000L)));
        }
        Long previous = lastAcceptedNanos.put(channel, now);
        if (previous != null && intervalNanos > 0 && now - previous + toleranceNanos < intervalNanos) {
            spacingViolations++;
            counters[2]++;
        }
        accepted++;
        counters[0]++;
        Instant arrival = clock.instant();
        AcceptedPost post = new AcceptedPost(channel, nextTs(arrival), arrival, (now - originNanos) / 1e6, source,
                payload);
        posts.add(post);
        List<UploadedFile> shared = recordFiles(uploads, payload, channel, post.ts(), arrival);
        history.add(post, shared);
        return new PostResult.Accepted(post, shared);
    }

    /** Records uploads completed without a channel: private files, shared nowhere. */
    synchronized List<UploadedFile> completePrivately(List<UploadStore.Pending> uploads, JsonNode titles) {
        return recordFiles(uploads, titles, null, null, clock.instant());
    }

    private List<UploadedFile> recordFiles(List<UploadStore.Pending> uploads, JsonNode payload, String channel,
                                           String ts, Instant completed) {
        List<UploadedFile> recorded = new ArrayList<>();
        String threadTs = Payloads.text(payload, "thread_ts");
        for (UploadStore.Pending upload : uploads) {
            String title = upload.filename;
            for (JsonNode file : payload.path("files")) {
                if (upload.id.equals(file.path("id").asText()) && !Payloads.text(file, "title").isEmpty()) {
                    title = file.path("title").asText();
                }
            }
            recorded.add(new UploadedFile(upload.id, upload.filename, title, upload.content, upload.altTxt,
                    upload.snippetType, channel, channel == null || threadTs.isEmpty() ? null : threadTs, ts,
                    completed));
        }
        files.addAll(recorded);
        return recorded;
    }

    /**
     * Applies a {@code chat.update} to a recorded message and records it.
     *
     * @return the outcome; {@link ChannelHistory.Edit.Edited} carries the message as it now stands
     */
    synchronized ChannelHistory.Edit update(String channel, String ts, JsonNode fields) {
        long now = nanoTime.getAsLong();
        Instant arrival = clock.instant();
        AcceptedUpdate update = new AcceptedUpdate(channel, ts, nextTs(arrival), arrival, (now - originNanos) / 1e6,
                fields);
        ChannelHistory.Edit edit = history.update(channel, ts, fields, update);
        if (edit instanceof ChannelHistory.Edit.Edited) {
            updates.add(update);
        }
        return edit;
    }

    /** A page of a channel's history; see {@link ChannelHistory#page}. */
    synchronized ChannelHistory.Page history(String channel, ChannelHistory.Range range, int limit,
                                             boolean withMetadata) {
        return history.page(channel, range, limit, withMetadata);
    }

    /** Counts a request to a Web API method, when it arrives. */
    synchronized void countCall(String method) {
        methodCounters.computeIfAbsent(method, m -> new long[4])[0]++;
    }

    /** Counts how a Web API method answered. */
    synchronized void countOutcome(String method, Reply.Outcome outcome) {
        long[] counters = methodCounters.computeIfAbsent(method, m -> new long[4]);
        switch (outcome) {
            case OK -> counters[1]++;
            case ERROR -> counters[2]++;
            case RATE_LIMITED -> counters[3]++;
        }
    }

    /**
     * Takes a token from the bucket of {@code method} (its Slack tier).
     *
     * @return empty when taken or the method is not limited; otherwise the {@code Retry-After} in whole seconds
     */
    synchronized OptionalLong acquireMethod(String method) {
        long wait = limiter.tryAcquireMethod(method, nanoTime.getAsLong());
        return wait > 0 ? OptionalLong.of(Math.max(1, Math.ceilDiv(wait, 1_000_000_000L))) : OptionalLong.empty();
    }

    /** Counts an error answer by the code the client saw. */
    synchronized void countError(String code) {
        errors.merge(code, 1L, Long::sum);
    }

    synchronized void countFault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    public synchronized List<AcceptedPost> posts() {
        return List.copyOf(posts);
    }

    public synchronized List<AcceptedPost> posts(String channel) {
        return posts.stream().filter(p -> p.channel().equals(channel)).toList();
    }

    public synchronized List<ChannelMessage> messages(String channel) {
        return history.messages(channel);
    }

    public synchronized List<AcceptedUpdate> updates() {
        return List.copyOf(updates);
    }

    public synchronized List<UploadedFile> files() {
        return List.copyOf(files);
    }

    public synchronized EmulatorStats stats() {
        Map<String, EmulatorStats.ChannelStats> channels = new HashMap<>();
        channelCounters.forEach((channel, c) -> channels.put(channel, new EmulatorStats.ChannelStats(c[0], c[1], c[2])));
        Map<String, EmulatorStats.MethodStats> methods = new HashMap<>();
        methodCounters.forEach((method, c) -> methods.put(method, new EmulatorStats.MethodStats(c[0], c[1], c[2], c[3])));
        return new EmulatorStats(accepted, rateLimited, errors, faults, spacingViolations, channels, methods);
    }

    /** Forgets posts, messages, updates, files, counters and buckets; timestamps keep increasing. */
    public synchronized void reset() {
        posts.clear();
        history.reset();
        updates.clear();
        files.clear();
        methodCounters.clear();
        lastAcceptedNanos.clear();
        channelCounters.clear();
        errors.clear();
        faults.clear();
        accepted = 0;
        rateLimited = 0;
        spacingViolations = 0;
        limiter.reset();
    }

    // Slack's ts: epoch seconds "." six digits; made unique and increasing even when the wall clock stalls or steps back.
    private String nextTs(Instant arrival) {
        long micros = Math.max(lastTsMicros + 1, arrival.getEpochSecond() * 1_000_000L + arrival.getNano() / 1_000);
        lastTsMicros = micros;
        return Payloads.ts(micros);
    }
}
