package dev.slackrelay.local.serve;

import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.slackrelay.ingest.HookTarget;
import dev.slackrelay.ingest.IngestCredentials;
import dev.slackrelay.relay.RelayConfig;

/**
 * What {@link LocalService} runs: where it listens, the tokens and hooks it accepts, the relay's pacing and where it
 * posts. Immutable and thread-safe; {@link #toString()} shows no token and no hook ID.
 *
 * @param bind            the address the HTTP ingestion listens on
 * @param httpPort        its port; 0 picks a free one
 * @param tokens          the bearer tokens of {@code POST /v1/messages}; never empty
 * @param hooks           the incoming webhooks, in the order given; never empty
 * @param generatedToken  whether {@code tokens} is one token made up at random (to be shown to the user)
 * @param slackPort       the Slack emulator's port (0: a free one); unused when posting to another Slack
 * @param channelInterval the relay's pacing per channel ({@code CHANNEL_INTERVAL_MS}); the emulator allows one post
 *                        per interval per channel
 * @param messagesPerPost the relay's {@code MESSAGES_PER_POST}
 * @param slackBotToken   a bot token for another Slack (the real one), or {@code null} for the built-in emulator
 * @param slackApiUrl     that Slack's API URL ({@code null}: Slack's own); only with {@code slackBotToken}
 * @param relay           whether the relay runs; without it accepted messages stay on the queues (benchmark B7
 *                        counts them there)
 */
public record ServeOptions(InetAddress bind, int httpPort, List<String> tokens, List<Hook> hooks,
                           boolean generatedToken, int slackPort, Duration channelInterval, int messagesPerPost,
                           String slackBotToken, URI slackApiUrl, boolean relay) {

    /** The channel of the hook made up when none is given. */
    public static final String DEFAULT_CHANNEL = "#general";
    /** Random bytes in a made-up token or hook ID: 24 bytes are 32 URL-safe characters. */
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ServeOptions {
        Objects.requireNonNull(bind, "bind");
        if (httpPort < 0 || httpPort > 65_535 || slackPort < 0 || slackPort > 65_535) {
            throw new IllegalArgumentException("ports must be 0..65535: " + httpPort + ", " + slackPort);
        }
        tokens = List.copyOf(tokens);
        hooks = List.copyOf(hooks);
        if (tokens.isEmpty() || hooks.isEmpty()) {
            throw new IllegalArgumentException("at least one token and one hook are needed");
        }
        credentials(tokens, hooks);
        if (!channelInterval.isPositive()) {
            throw new IllegalArgumentException("channel interval must be positive: " + channelInterval);
        }
        if (messagesPerPost < 1 || messagesPerPost > RelayConfig.MAX_MESSAGES_PER_POST) {
            throw new IllegalArgumentException("messages per post must be 1.." + RelayConfig.MAX_MESSAGES_PER_POST
                    + ": " + messagesPerPost);
        }
        if (slackBotToken == null && slackApiUrl != null) {
            throw new IllegalArgumentException("a Slack API URL needs a bot token");
        }
    }

    /** A builder with the defaults: 127.0.0.1:8080, a random token and hook, the real channel interval. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tokens and hooks, as the ingest core takes them. */
    public IngestCredentials credentials() {
        return credentials(tokens, hooks);
    }

    /** @throws IllegalArgumentException if a token or a hook ID is malformed, or a hook ID is given twice */
    private static IngestCredentials credentials(List<String> tokens, List<Hook> hooks) {
        Map<String, HookTarget> targets = new LinkedHashMap<>();
        for (Hook hook : hooks) {
            if (targets.put(hook.id(), hook.target()) != null) {
                throw new IllegalArgumentException("the hook " + IngestCredentials.hookHint(hook.id())
                        + " is given twice");
            }
        }
        return new IngestCredentials(tokens, targets);
    }

    /** Whether the relay posts to the built-in Slack emulator (no bot token of another Slack given). */
    public boolean usesEmulator() {
        return slackBotToken == null;
    }

    @Override
    public String toString() {
        return "ServeOptions[bind=" + bind.getHostAddress() + ", httpPort=" + httpPort + ", tokens=" + tokens.size()
                + ", hooks=" + hooks.stream().map(Hook::toString).toList() + ", slackPort=" + slackPort
                + ", channelInterval=" + channelInterval + ", messagesPerPost=" + messagesPerPost + ", slack="
                + (usesEmulator() ? "emulator" : slackApiUrl != null ? slackApiUrl : "Slack") + ", relay=" + relay + "]";
    }

    /**
     * 24 random bytes from {@link SecureRandom}, base64url without padding: 32 characters that are safe in a URL path
     * and in a header.
     */
    static String randomSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One incoming webhook: {@code POST /hooks/{id}} posts to its target's channel.
     *
     * @param id        the secret part of the URL
     * @param target    its channel and whether broadcast mentions stay live
     * @param generated whether the ID was made up at random (to be shown to the user)
     */
    public record Hook(String id, HookTarget target, boolean generated) {

        public Hook {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(target, "target");
        }

        /**
         * A hook from the command line's {@code ID=CHANNEL} or {@code ID=CHANNEL,broadcasts}.
         *
         * @throws IllegalArgumentException if it is not of that form
         */
        public static Hook parse(String spec) {
            int equals = spec.indexOf('=');
            if (equals <= 0 || equals == spec.length() - 1) {
                throw new IllegalArgumentException("a hook is ID=CHANNEL or ID=CHANNEL,broadcasts");
            }
            String channel = spec.substring(equals + 1);
            boolean broadcasts = false;
            int comma = channel.indexOf(',');
            if (comma >= 0) {
                if (!channel.substring(comma + 1).equals("broadcasts")) {
                    throw new IllegalArgumentException("a hook is ID=CHANNEL or ID=CHANNEL,broadcasts, not ..."
                            + channel.substring(comma));
                }
                broadcasts = true;
                channel = channel.substring(0, comma);
            }
            return new Hook(spec.substring(0, equals), new HookTarget(channel, broadcasts), false);
        }

        /** A hook with a random ID to {@code channel}, defusing broadcast mentions. */
        public static Hook random(String channel) {
            return new Hook(randomSecret(), HookTarget.of(channel), true);
        }

        /** Its channel. */
        public String channel() {
            return target.channel();
        }

        /** The ID's first 4 characters only. */
        @Override
        public String toString() {
            return IngestCredentials.hookHint(id) + "=" + target.channel()
                    + (target.allowBroadcasts() ? ",broadcasts" : "");
        }
    }

    /** Builder for {@link ServeOptions}. Not thread-safe. */
    public static final class Builder {
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int httpPort = 8080;
        private final List<String> tokens = new ArrayList<>();
        private final List<Hook> hooks = new ArrayList<>();
        private String defaultChannel = DEFAULT_CHANNEL;
        private int slackPort;
        private Duration channelInterval = RelayConfig.DEFAULT_CHANNEL_INTERVAL;
        private int messagesPerPost = RelayConfig.DEFAULT_MESSAGES_PER_POST;
        private String slackBotToken;
        private URI slackApiUrl;
        private boolean relay = true;

        private Builder() {
        }

        public Builder bind(InetAddress address) {
            bind = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder httpPort(int port) {
            httpPort = port;
            return this;
        }

        /** Adds a bearer token; none added: one random token. */
        public Builder token(String token) {
            tokens.add(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Adds a hook; none added: one with a random ID for {@link #defaultChannel(String)}. */
        public Builder hook(Hook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** The channel of the random hook made when none is added; default {@value #DEFAULT_CHANNEL}. */
        public Builder defaultChannel(String channel) {
            defaultChannel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        public Builder slackPort(int port) {
            slackPort = port;
            return this;
        }

        public Builder channelInterval(Duration interval) {
            channelInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder messagesPerPost(int n) {
            messagesPerPost = n;
            return this;
        }

        /** Posts to another Slack with this bot token, at {@code apiUrl} ({@code null}: Slack's own API). */
        public Builder otherSlack(String botToken, URI apiUrl) {
            slackBotToken = Objects.requireNonNull(botToken, "botToken");
            slackApiUrl = apiUrl;
            return this;
        }

        /** Whether the relay runs (default); {@code false}: ingestion only, accepted messages stay queued. */
        public Builder relay(boolean runs) {
            relay = runs;
            return this;
        }

        public ServeOptions build() {
            boolean generated = tokens.isEmpty();
            List<String> allTokens = generated ? List.of(randomSecret()) : tokens;
            List<Hook> allHooks = hooks.isEmpty() ? List.of(Hook.random(defaultChannel)) : hooks;
            return new ServeOptions(bind, httpPort, allTokens, allHooks, generated, slackPort, channelInterval,
                    messagesPerPost, slackBotToken, slackApiUrl, relay);
        }
    }
}
