package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorOptions;
import dev.slackrelay.emulator.EmulatorStats;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides one post the same way for the API, webhooks and file shares: forced error, channel checks, content checks
 * (not for file shares), then the rate limits (so only posts that would be accepted take a token). Also the channel
 * checks of the other methods naming a channel.
 *
 * <p>Thread-safe (stateless apart from the thread-safe injector and ledger).
 */
final class PostPipeline {

    private final Set<String> channels;
    private final Set<String> archived;
    private final int blocksTextLimit;
    private final FaultInjector faults;
    private final PostLedger ledger;

    PostPipeline(EmulatorOptions options, FaultInjector faults, PostLedger ledger) {
        this.channels = options.channels();
        this.archived = options.archived();
        this.blocksTextLimit = options.blocksTextLimit();
        this.faults = faults;
        this.ledger = ledger;
    }

    PostResult post(String channel, JsonNode payload, AcceptedPost.Source source, String bucketKey) {
        Optional<String> refused = checkChannel(channel);
        if (refused.isPresent()) {
            return new PostResult.Rejected(refused.get());
        }
        Optional<String> contentError = Payloads.check(payload, blocksTextLimit);
        if (contentError.isPresent()) {
            return new PostResult.Rejected(contentError.get());
        }
        return ledger.admit(channel, bucketKey, payload, source, faults.channelRate(channel));
    }

    /**
     * Decides the message sharing completed uploads in {@code channel}: the channel checks and rate limits of a post
     * (a file share is a message of the channel), without the content checks.
     */
    PostResult share(String channel, JsonNode payload, List<UploadStore.Pending> uploads) {
        Optional<String> refused = checkChannel(channel);
        if (refused.isPresent()) {
            return new PostResult.Rejected(refused.get());
        }
        return ledger.admit(channel, "channel:" + channel, payload, AcceptedPost.Source.FILE_SHARE,
                faults.channelRate(channel), uploads);
    }

    /**
     * The checks every method naming a channel makes, in this order: the channel's forced error, archived
     * ({@code is_archived}), unknown ({@code channel_not_found}).
     *
     * @return the error code, or empty if the channel may be written to
     */
    Optional<String> checkChannel(String channel) {
        Optional<String> readable = checkReadable(channel);
        if (readable.isPresent()) {
            return readable;
        }
        return archived.contains(channel) ? Optional.of("is_archived") : Optional.empty();
    }

    /**
     * The checks of a method reading a channel (archived channels can be read): forced error, then
     * {@code channel_not_found}.
     */
    Optional<String> checkReadable(String channel) {
        if (channel.isEmpty()) {
            return Optional.of("channel_not_found");
        }
        Optional<String> forced = faults.forcedError(channel);
        if (forced.isPresent()) {
            ledger.countFault(EmulatorStats.FAULT_FORCED_ERROR);
            return forced;
        }
        if (!channels.isEmpty() && !channels.contains(channel) && !archived.contains(channel)) {
            return Optional.of("channel_not_found");
        }
        return Optional.empty();
    }

    /** Whether {@code channel} is archived. */
    boolean archived(String channel) {
        return archived.contains(channel);
    }
}
