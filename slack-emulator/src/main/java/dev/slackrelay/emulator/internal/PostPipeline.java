package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.EmulatorOptions;
import dev.slackrelay.emulator.EmulatorStats;
import java.util.Optional;
import java.util.Set;

/**
 * Decides one post the same way for the API and for webhooks: forced error, channel checks, content checks, then
 * the rate limits (so only posts that would be accepted take a token).
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
        if (channel.isEmpty()) {
            return new PostResult.Rejected("channel_not_found");
        }
        Optional<String> forced = faults.forcedError(channel);
        if (forced.isPresent()) {
            ledger.countFault(EmulatorStats.FAULT_FORCED_ERROR);
            return new PostResult.Rejected(forced.get());
        }
        if (archived.contains(channel)) {
            return new PostResult.Rejected("is_archived");
        }
        if (!channels.isEmpty() && !channels.contains(channel)) {
            return new PostResult.Rejected("channel_not_found");
        }
        Optional<String> contentError = Payloads.check(payload, blocksTextLimit);
        if (contentError.isPresent()) {
            return new PostResult.Rejected(contentError.get());
        }
        return ledger.admit(channel, bucketKey, payload, source, faults.channelRate(channel));
    }
}
