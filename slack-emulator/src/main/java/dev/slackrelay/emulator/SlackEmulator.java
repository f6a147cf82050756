package dev.slackrelay.emulator;

import dev.slackrelay.emulator.internal.EmulatorServer;
import dev.slackrelay.emulator.internal.FaultInjector;
import dev.slackrelay.emulator.internal.PostLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A Slack Web API and incoming-webhook emulator on 127.0.0.1, for tests, the local demo and benchmarks.
 *
 * <p>Endpoints: {@code /api/chat.postMessage}, {@code /api/chat.update}, {@code /api/conversations.history},
 * {@code /api/users.lookupByEmail}, {@code /api/files.getUploadURLExternal}, {@code /api/files.completeUploadExternal}
 * (form or JSON bodies), {@code /api/auth.test}, {@code POST /upload/v1/…} (the upload URLs it hands out),
 * {@code POST /services/T/B/secret} (incoming webhooks), {@code GET /stats}, {@code GET /posts[?channel=X]},
 * {@code GET /messages?channel=X}. Each method beyond {@code chat.postMessage} has its Slack rate tier
 * ({@link EmulatorOptions#methodRates()}).
 * It applies Slack's per-channel (and per-webhook) and workspace rate limits (429 + {@code Retry-After}), Slack's
 * auth, channel and payload checks with Slack's error codes, injected {@link #faults() faults}, and records every
 * accepted post. An optional {@link AnswerLatency} holds each post's answer for Slack's processing time.
 *
 * <pre>{@code
 * try (SlackEmulator emu = SlackEmulator.builder().token("xoxb-test").channels(Set.of("C1", "C2"))
 *         .ratePerSecond(1.0).burst(1).webhook("T1/B1/x", "C1").build().start()) {
 *     SlackConfig config = new SlackConfig();
 *     config.setMethodsEndpointUrlPrefix(emu.apiUrl());
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} when done (closing twice is harmless).
 */
public final class SlackEmulator implements AutoCloseable {

    private final EmulatorOptions options;
    private final FaultInjector injector;
    private final Faults faults;
    private final PostLedger ledger;
    private final EmulatorServer server;
    private volatile int port = -1;
    private volatile boolean closed;

    private SlackEmulator(EmulatorOptions options, LongSupplier nanoTime, InstantSource wallClock) {
        this.options = Objects.requireNonNull(options, "options");
        this.injector = new FaultInjector(options.faults());
        this.faults = new Faults(injector);
        this.ledger = new PostLedger(options, nanoTime, wallClock);
        this.server = new EmulatorServer(options, injector, ledger);
    }

    /** A builder starting from {@link EmulatorOptions#defaults()}. */
    public static Builder builder() {
        return new Builder(EmulatorOptions.defaults());
    }

    /** An emulator (not yet started) configured by {@code options}. */
    public static SlackEmulator create(EmulatorOptions options) {
        return new SlackEmulator(options, System::nanoTime, InstantSource.system());
    }

    /**
     * Binds 127.0.0.1 (on the configured port, or a free one) and starts answering.
     *
     * @return this
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized SlackEmulator start() {
        if (closed || port >= 0) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        try {
            port = server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + options.port(), e);
        }
        return this;
    }

    /** The bound port. */
    public int port() {
        int bound = port;
        if (bound < 0) {
            throw new IllegalStateException("not started");
        }
        return bound;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT/api/}: what the Slack SDK's {@code setMethodsEndpointUrlPrefix} expects. */
    public String apiUrl() {
        return baseUrl() + "/api/";
    }

    /**
     * The URL of a configured webhook.
     *
     * @param key the key it was configured with ({@code "T…/B…/secret"})
     * @throws IllegalArgumentException if no such webhook is configured
     */
    public String webhookUrl(String key) {
        String normalized = EmulatorOptions.webhookKey(key);
        if (!options.webhooks().containsKey(normalized)) {
            throw new IllegalArgumentException("no webhook configured for " + key);
        }
        return baseUrl() + "/services/" + normalized;
    }

    /** The options this emulator was created with (faults as at creation; see {@link #faults()} for now). */
    public EmulatorOptions options() {
        return options;
    }

    /** The live fault settings. */
    public Faults faults() {
        return faults;
    }

    /** Every accepted post so far, in acceptance order (an immutable snapshot). */
    public List<AcceptedPost> posts() {
        return ledger.posts();
    }

    /** The accepted posts to one channel, in acceptance order (an immutable snapshot). */
    public List<AcceptedPost> posts(String channel) {
        return ledger.posts(channel);
    }

    /**
     * The messages of one channel as they stand now (current content, metadata, edits, files, reply counts), replies
     * included, in timestamp order (an immutable snapshot).
     */
    public List<ChannelMessage> messages(String channel) {
        return ledger.messages(channel);
    }

    /** Every accepted {@code chat.update} so far, in acceptance order (an immutable snapshot). */
    public List<AcceptedUpdate> updates() {
        return ledger.updates();
    }

    /** Every file whose upload was completed so far, in completion order (an immutable snapshot). */
    public List<UploadedFile> files() {
        return ledger.files();
    }

    /** The counters now. */
    public EmulatorStats stats() {
        return ledger.stats();
    }

    /**
     * Forgets recorded posts, messages, updates, files and counters and refills every rate-limit bucket, e.g. between benchmark rounds.
     * Faults and timestamps (which keep increasing) are untouched.
     */
    public void reset() {
        ledger.reset();
    }

    /** Stops answering and frees the port; requests still in flight are cut off. */
    @Override
    public synchronized void close() {
        closed = true;
        server.stop();
    }

    /**
     * Fluent construction of {@link EmulatorOptions}; {@link #build()} makes the (unstarted) emulator.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int port;
        private String token;
        private Set<String> channels;
        private Set<String> archived;
        private double ratePerSecond;
        private int burst;
        private int workspacePerMinute;
        private int workspaceBurst;
        private int blocksTextLimit;
        private final Map<String, String> webhooks = new HashMap<>();
        private Duration spacingTolerance;
        private FaultOptions faults;
        private AnswerLatency answerLatency;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, MethodRate> methodRates = new HashMap<>();
        private long maxFileSize;
        private LongSupplier nanoTime = System::nanoTime;
        private InstantSource wallClock = InstantSource.system();

        private Builder(EmulatorOptions from) {
            options(from);
        }

        /** Replaces every setting with those of {@code from}. */
        public Builder options(EmulatorOptions from) {
            port = from.port();
            token = from.token();
            channels = from.channels();
            archived = from.archived();
            ratePerSecond = from.ratePerSecond();
            burst = from.burst();
            workspacePerMinute = from.workspacePerMinute();
            workspaceBurst = from.workspaceBurst();
            blocksTextLimit = from.blocksTextLimit();
            webhooks.clear();
            webhooks.putAll(from.webhooks());
            spacingTolerance = from.spacingTolerance();
            faults = from.faults();
            answerLatency = from.answerLatency();
            users.clear();
            users.putAll(from.users());
            methodRates.clear();
            methodRates.putAll(from.methodRates());
            maxFileSize = from.maxFileSize();
            return this;
        }

        /** Port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The bot token that is accepted; any other is {@code invalid_auth}. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Channels that exist; others are {@code channel_not_found}. Empty (default): every channel exists. */
        public Builder channels(Set<String> channels) {
            this.channels = channels;
            return this;
        }

        /** Archived channels: posts to them are {@code is_archived}. */
        public Builder archived(Set<String> archived) {
            this.archived = archived;
            return this;
        }

        /** Posts per second per channel and per webhook (default 1.0); 0 turns these limits off. */
        public Builder ratePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /** Back-to-back posts a channel or webhook may make (default 1). */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /** Workspace-wide posts per minute over all channels and webhooks; 0 (default) is off. */
        public Builder workspacePerMinute(int perMinute) {
            this.workspacePerMinute = perMinute;
            return this;
        }

        /** Back-to-back posts the workspace allows; 0 (default) means {@code workspacePerMinute}. */
        public Builder workspaceBurst(int burst) {
            this.workspaceBurst = burst;
            return this;
        }

        /** Cumulative block text above which a post is {@code msg_blocks_too_long} (default 12000). */
        public Builder blocksTextLimit(int limit) {
            this.blocksTextLimit = limit;
            return this;
        }

        /** Adds an incoming webhook {@code /services/<key>} that posts to {@code channel}. */
        public Builder webhook(String key, String channel) {
            webhooks.put(EmulatorOptions.webhookKey(key), channel);
            return this;
        }

        /** Slack of the spacing-violation check (default zero). */
        public Builder spacingTolerance(Duration tolerance) {
            this.spacingTolerance = tolerance;
            return this;
        }

        /** Faults in force at start. */
        public Builder faults(FaultOptions faults) {
            this.faults = faults;
            return this;
        }

        /**
         * Slack's processing time: each post answer waits a uniform draw from {@code mean ± jitter} (clamped at 0)
         * after the post was decided and counted; see {@link AnswerLatency}. Default: none.
         */
        public Builder answerLatency(Duration mean, Duration jitter) {
            return answerLatency(AnswerLatency.of(mean, jitter));
        }

        /** Slack's processing time, with its own seed; see {@link AnswerLatency}. */
        public Builder answerLatency(AnswerLatency latency) {
            this.answerLatency = latency;
            return this;
        }

        /** Adds a workspace user that {@code users.lookupByEmail} finds by {@code email} (ignoring case). */
        public Builder user(String email, String userId) {
            users.put(EmulatorOptions.emailKey(email), userId);
            return this;
        }

        /**
         * Sets the workspace rate limit of one Web API method (default: Slack's tier, see
         * {@link EmulatorOptions#DEFAULT_METHOD_RATES}); {@link MethodRate#UNLIMITED} turns it off.
         */
        public Builder methodRate(String method, MethodRate rate) {
            methodRates.put(Objects.requireNonNull(method, "method"), Objects.requireNonNull(rate, "rate"));
            return this;
        }

        /**
         * The largest file {@code files.getUploadURLExternal} accepts (default
         * {@link EmulatorOptions#DEFAULT_MAX_FILE_SIZE}); a larger {@code length} is
         * {@code file_upload_size_restricted}.
         */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        /** Clocks for rate limits, spacing and timestamps: lets tests step time instead of sleeping. */
        Builder clock(LongSupplier nanoTime, InstantSource wallClock) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /** The options as set so far. */
        public EmulatorOptions toOptions() {
            return new EmulatorOptions(port, token, channels, archived, ratePerSecond, burst, workspacePerMinute,
                    workspaceBurst, blocksTextLimit, webhooks, spacingTolerance, faults, answerLatency, users,
                    methodRates, maxFileSize);
        }

        /** An unstarted emulator; call {@link SlackEmulator#start()}. */
        public SlackEmulator build() {
            return new SlackEmulator(toOptions(), nanoTime, wallClock);
        }
    }
}
