package dev.slackrelay.relay;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.relay.DeliveryLog.Outcome;
import dev.slackrelay.secrets.SecretSource;
import dev.slackrelay.secrets.SecretsManagerSource;
import dev.slackrelay.relay.internal.files.FileReader;
import dev.slackrelay.relay.internal.files.FileUpload;
import dev.slackrelay.relay.internal.lookup.EmailDirectory;
import dev.slackrelay.relay.internal.lookup.KeyedMessages;
import dev.slackrelay.relay.internal.slack.Redaction;
import dev.slackrelay.relay.internal.slack.SlackAnswer;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.relay.internal.slack.SlackErrors;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.SlackTransport;
import dev.slackrelay.relay.internal.slack.WebApiTransport;
import dev.slackrelay.relay.internal.slack.WebhookTransport;
import dev.slackrelay.relay.internal.sqs.Backoff;
import dev.slackrelay.relay.internal.sqs.QueueOperations;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.DigestRenderer;
import dev.slackrelay.render.MessageKeys.Kind;
import dev.slackrelay.render.RenderedMessage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The relay core: posts a batch of queued messages to Slack, a channel's backlog folded into digests, and decides
 * what becomes of each. Knows nothing of Lambda; the Lambda handler and the local poller both call
 * {@link #handle(List, Duration)}. Built with {@link #builder()}.
 * Thread-safe: one instance serves any number of concurrent messages.
 *
 * <p>Every message ends delivered or dead-lettered with a reason: a rate-limited or transiently failed message is
 * hidden for {@code Retry-After} or a backoff and retried, in order, blocking only its own channel; a message that can
 * never be posted goes to the dead-letter queue at once, so its channel moves on.
 */
public final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** Least time between two reads of a secret after authentication failures. */
    private static final Duration SECRET_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Kept back before a deadline for the SQS calls that settle a batch (visibility changes, dead letters). */
    private static final Duration QUEUE_CALLS_RESERVE = Duration.ofSeconds(2);
    /** Added to the channel interval after a post left, for the spread of its transit to Slack. */
    static final Duration SEND_MARGIN = Duration.ofMillis(5);
    /** How far back a thread or update key is looked for in a channel's history, and how long a found one is kept. */
    static final Duration KEY_LOOK_BACK = Duration.ofHours(24);
    /** The most messages of a channel's history read in one look-up. */
    static final int KEY_HISTORY_LIMIT = 200;
    /** How long a channel's history read answers "no such key" from memory. */
    static final Duration KEY_MISS_TTL = Duration.ofSeconds(60);
    static final Duration EMAIL_TTL = Duration.ofHours(1);
    static final Duration UNKNOWN_EMAIL_TTL = Duration.ofMinutes(10);
    /** The dead-letter reason's code for a file the relay cannot read (outside its bucket, missing, too large). */
    static final String FILE_UNREADABLE = "file_unreadable";
    private static final SlackOutcome TIME_RAN_SHORT = new SlackOutcome.Transient("time_ran_short",
            "the time left ran short before the upload", Duration.ZERO);
    /** Entries per look-up cache and execution environment. */
    private static final long CACHE_SIZE = 10_000;

    private final RelayConfig config;
    private final QueueOperations queue;
    private final SlackTransport transport;
    private final DeliveryLog log;
    private final Backoff backoff;
    private final RelayClock clock;
    private final KeyedMessages keyed;
    private final EmailDirectory emails;
    private final FileReader files;
    /** Relay clock nanos until which chat.update is known to answer 429 for the workspace. */
    private final AtomicLong updatesHeldUntil = new AtomicLong(Long.MIN_VALUE);

    private Relay(Builder builder) {
        this.config = Objects.requireNonNull(builder.config, "config");
        this.clock = builder.clock;
        SqsClient sqs = builder.sqsClient != null ? builder.sqsClient : SdkClients.sqs();
        this.queue = new QueueOperations(sqs, config.queueUrl(), config.urgentQueueUrl(),
                config.deadLetterQueueUrl());
        this.transport = builder.transport != null ? builder.transport : transport(builder);
        this.log = new DeliveryLog(config.metricsNamespace(), config.metricsService(), builder.deliveryLog, clock);
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap());
        this.keyed = new KeyedMessages(transport, clock, KEY_LOOK_BACK, KEY_HISTORY_LIMIT, KEY_MISS_TTL, CACHE_SIZE);
        this.emails = new EmailDirectory(transport, clock, EMAIL_TTL, UNKNOWN_EMAIL_TTL, CACHE_SIZE);
        S3Client s3 = builder.s3Client != null ? builder.s3Client
                : config.filesBucket() != null ? SdkClients.s3() : null;
        this.files = new FileReader(s3, config.filesBucket(), config.filesPrefix(), config.filesMaxBytes());
        LOG.info("slack-relay started: {}", config);
    }

    /** A builder; only {@link Builder#config(RelayConfig)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    private static SlackTransport transport(Builder builder) {
        RelayConfig config = builder.config;
        var slack = SlackClients.create(config.slackApiUrl(), config.slackTimeout(), builder.clock);
        return config.usesWebhooks()
                ? new WebhookTransport(slack, secret(config.slackWebhooks(), config.slackWebhooksSecretArn(), builder),
                        builder.clock)
                : new WebApiTransport(slack, secret(config.slackBotToken(), config.slackBotTokenSecretArn(), builder),
                        builder.clock);
    }

    private static SecretSource secret(String inline, String arn, Builder builder) {
        if (inline != null) {
            return SecretSource.fixed(inline);
        }
        // the client is built at start-up (and so is in a SnapStart snapshot); the secret is read on first use
        SecretsManagerClient client = builder.secretsManagerClient != null ? builder.secretsManagerClient
                : SdkClients.secretsManager();
        return new SecretsManagerSource(client, arn, SECRET_REFRESH_INTERVAL, builder.clock::nanoTime);
    }

    /** Handles one message; never throws. The caller deletes it on {@link Disposition#DELETE} and leaves it otherwise. */
    public Disposition handle(InboundMessage message) {
        return handle(List.of(message)).get(0);
    }

    /** {@link #handle(List, Duration)} with no deadline. */
    public List<Disposition> handle(List<InboundMessage> batch) {
        return handle(batch, null);
    }

    /**
     * Handles a batch as the event source delivered it; never throws. Returns one disposition per message, in the
     * batch's order: the caller deletes the {@link Disposition#DELETE} ones and leaves the others.
     *
     * <p>Each channel's (message group's) messages are posted in order, one post per channel interval; consecutive
     * ones that can share a post are folded into one digest of up to {@link RelayConfig#messagesPerPost()}
     * ({@link DigestRenderer}). Channels take turns, so one channel's interval does not delay another's post. Once a
     * message of a channel is to be retried, the channel's later messages are not attempted: they are retried too,
     * made visible again at once, and the FIFO queue hands them out only after the earlier one, in order. So are
     * the messages not yet posted when the time left runs short: the relay stops posting early enough to return
     * before {@code timeLeft} ends.
     *
     * @param timeLeft time until the host gives up on this call (Lambda's remaining time), or {@code null} for none
     */
    public List<Disposition> handle(List<InboundMessage> batch, Duration timeLeft) {
        long deadline = timeLeft == null ? Long.MAX_VALUE
                : clock.nanoTime() + timeLeft.toNanos() - reserve().toNanos();
        Disposition[] result = new Disposition[batch.size()];
        Map<String, Lane> lanes = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            InboundMessage message = batch.get(i);
            String key = message.groupId() != null ? message.groupId() : "message " + message.messageId();
            lanes.computeIfAbsent(key, k -> new Lane()).pending.add(decode(i, message));
        }
        long lastDelivery = Long.MIN_VALUE;
        boolean cutShort = false;
        while (true) {
            Lane lane = nextLane(lanes.values());
            if (lane == null) {
                break;
            }
            Item head = lane.pending.peek();
            if (head.invalid() != null) {
                // needs no post, so no turn: dead-letter it now, in its place in the channel's order
                lane.pending.poll();
                InvalidMessageException e = head.invalid();
                String kind = e.isUnsupportedVersion() ? "unsupported_version" : "invalid_message";
                result[head.index()] = deadLetter(head.message(), head.channel(), kind + ": " + e.reasons(), null,
                        null);
                continue;
            }
            if (lane.nextPost > deadline || !pauseUntil(lane.nextPost) || clock.nanoTime() > deadline) {
                cutShort = true;
                break;
            }
            Fold fold;
            SlackOutcome outcome;
            if (head.files() != null) {
                // the message's files, after its post (or in place of one): a turn of its own
                lane.pending.poll();
                fold = new Fold(List.of(head), null);
                outcome = upload(lane, head);
                if (!(outcome instanceof SlackOutcome.Delivered) && head.files().postedTs() != null) {
                    // the message is in Slack: only its files are left, and they must not bring it twice
                    lane.stopped = true;
                    result[head.index()] = filesFollow(head, outcome);
                    continue;
                }
            } else {
                fold = takeFold(lane);
                Preparation preparation = prepare(fold);
                switch (preparation) {
                    case Preparation.Refused refused -> outcome = refused.outcome();
                    case Preparation.Ready ready -> {
                        Item item = fold.items().getFirst();
                        if (!ready.files().isEmpty() && !hasContent(ready.message())) {
                            // nothing to post: the upload is the message
                            lane.pending.addFirst(item.withFiles(new FilesStep(ready.files(),
                                    ready.message().threadTs(), null)));
                            continue;
                        }
                        // every attempt counts in the channel's pacing, refused ones too: Slack saw them
                        lane.nextPost = clock.nanoTime() + spacing();
                        outcome = attempt(() -> send(ready));
                        if (outcome instanceof SlackOutcome.Delivered delivered) {
                            remember(ready, delivered.ts());
                            if (!ready.files().isEmpty()) {
                                // its files go into its thread (or the thread it is in), at the channel's next turn
                                lane.nextPost = delivered.sentNanos() + spacing();
                                lastDelivery = Math.max(lastDelivery, delivered.sentNanos());
                                String thread = ready.message().threadTs() != null ? ready.message().threadTs()
                                        : delivered.ts();
                                lane.pending.addFirst(item.withFiles(new FilesStep(ready.files(), thread,
                                        delivered.ts())));
                                continue;
                            }
                        }
                    }
                }
            }
            switch (outcome) {
                case SlackOutcome.Delivered delivered -> {
                    lane.nextPost = delivered.sentNanos() + spacing();
                    lastDelivery = Math.max(lastDelivery, delivered.sentNanos());
                    for (Item item : fold.items()) {
                        record(item.message(), item.channel(), Outcome.DELIVERED, delivered, null, null,
                                delivered.ts(), fold.items().size());
                        result[item.index()] = Disposition.DELETE;
                    }
                }
                case SlackOutcome.RateLimited limited -> {
                    lane.stopped = true;
                    fold.items().forEach(item -> result[item.index()] = retry(item.message(), item.channel(),
                            limited.retryAfter(), Outcome.RATE_LIMITED, limited));
                }
                case SlackOutcome.Transient failure -> {
                    lane.stopped = true;
                    Duration delay = backoff.delay(fold.items().get(0).message().receiveCount());
                    fold.items().forEach(item -> result[item.index()] = retry(item.message(), item.channel(),
                            delay, Outcome.TRANSIENT, failure));
                }
                case SlackOutcome.ConfigurationError error -> {
                    // every message would fail alike: wait long and let the AuthFailure alarm call a human
                    lane.stopped = true;
                    fold.items().forEach(item -> result[item.index()] = retry(item.message(), item.channel(),
                            backoff.cap(), Outcome.AUTH_FAILURE, error));
                }
                case SlackOutcome.Permanent permanent -> {
                    if (fold.items().size() > 1 && !SlackErrors.concernsChannel(permanent.error())) {
                        // Slack refused the digest's content: post its messages one by one, so that only the
                        // one at fault is dead-lettered.
                        LOG.info("Slack refused a digest of {} for {} ({}); posting them one by one",
                                fold.items().size(), fold.items().get(0).channel(), permanent.error());
                        for (int k = fold.items().size() - 1; k >= 0; k--) {
                            lane.pending.addFirst(fold.items().get(k));
                            lane.alone.add(fold.items().get(k).index());
                        }
                    } else {
                        fold.items().forEach(item -> result[item.index()] = deadLetter(item.message(),
                                item.channel(), reason(permanent), permanent.error(), permanent));
                    }
                }
            }
        }
        List<InboundMessage> released = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            for (Item item : lane.pending) {
                if (item.files() != null && item.files().postedTs() != null) {
                    result[item.index()] = filesFollow(item, TIME_RAN_SHORT);
                    continue;
                }
                result[item.index()] = Disposition.RETRY;
                released.add(item.message());
            }
        }
        if (cutShort) {
            LOG.warn("time left ran short: {} message(s) not attempted, returned for redelivery in order",
                    released.size());
        }
        release(released);
        hold(lastDelivery);
        return List.of(result);
    }

    /** Time kept back before the deadline: one post that takes Slack's whole timeout, the hold, and SQS calls. */
    private Duration reserve() {
        return config.slackTimeout().plus(config.channelInterval()).plus(SEND_MARGIN).plus(QUEUE_CALLS_RESERVE);
    }

    private static Item decode(int index, InboundMessage message) {
        try {
            SlackMessage decoded = WireFormat.decode(message.body());
            MessageValidator.validate(decoded);
            return new Item(index, message, decoded.channel(), decoded, null, null);
        } catch (InvalidMessageException e) {
            return new Item(index, message, message.groupId(), null, e, null);
        }
    }

    /** The lane whose next post may go out first, among those with messages left to post; {@code null} if none. */
    private static Lane nextLane(Collection<Lane> lanes) {
        Lane next = null;
        for (Lane lane : lanes) {
            if (!lane.stopped && !lane.pending.isEmpty() && (next == null || lane.nextPost < next.nextPost)) {
                next = lane;
            }
        }
        return next;
    }

    /**
     * Takes the lane's next post: its first message, followed by as many of the next ones as may share that post
     * (compatible, valid, within {@link RelayConfig#messagesPerPost()} and Slack's limits).
     */
    private Fold takeFold(Lane lane) {
        Item head = lane.pending.poll();
        List<Item> items = new ArrayList<>(List.of(head));
        DigestRenderer.Digest digest = DigestRenderer.start(head.decoded());
        while (!lane.alone.contains(head.index()) && items.size() < config.messagesPerPost()) {
            Item next = lane.pending.peek();
            if (next == null || next.invalid() != null || lane.alone.contains(next.index())
                    || !digest.add(next.decoded())) {
                break;
            }
            items.add(lane.pending.poll());
        }
        return new Fold(items, digest.render());
    }

    /** A post ready to go, or why it cannot go now (a look-up it needs failed). */
    private sealed interface Preparation {
        /**
         * @param message  the message with its look-ups applied (thread_ts, mentioned users)
         * @param updateTs the message to update instead of posting, or {@code null}
         * @param files    the content of its files, read; empty when it has none
         */
        record Ready(SlackMessage message, RenderedMessage rendered, String updateTs, List<FileUpload> files)
                implements Preparation {
        }

        record Refused(SlackOutcome outcome) implements Preparation {
        }
    }

    /**
     * Resolves what a message (always alone in its post) needs before it is posted: the content of its files (read
     * before anything is posted, so an unreadable file refuses the whole message), and from Slack its e-mail
     * mentions' users, the thread its {@code thread_key} refers to, and the message its {@code update_key} replaces.
     */
    private Preparation prepare(Fold fold) {
        SlackMessage message = fold.items().getFirst().decoded();
        List<FileUpload> uploads = List.of();
        if (fold.items().size() == 1 && !message.files().isEmpty()) {
            if (config.usesWebhooks()) {
                return new Preparation.Refused(SlackErrors.needsWebApi("files"));
            }
            switch (files.read(message.files())) {
                case FileReader.Result.Read read -> uploads = read.files();
                case FileReader.Result.Unreadable unreadable -> {
                    return new Preparation.Refused(new SlackOutcome.Permanent(FILE_UNREADABLE, unreadable.reason(),
                            Duration.ZERO));
                }
                case FileReader.Result.Unavailable unavailable -> {
                    return new Preparation.Refused(new SlackOutcome.Transient("file_unavailable",
                            unavailable.detail(), Duration.ZERO));
                }
            }
        }
        if (fold.items().size() > 1 || !needsLookups(message)) {
            return new Preparation.Ready(message, fold.rendered(), null, uploads);
        }
        SlackMessage.Builder resolved = message.toBuilder();
        if (message.hasEmailMentions()) {
            List<String> mentions = new ArrayList<>();
            for (String mention : message.mentions()) {
                if (!SlackMessage.isEmailMention(mention)) {
                    mentions.add(mention);
                    continue;
                }
                switch (emails.user(mention)) {
                    case SlackAnswer.Ok<Optional<String>> ok -> {
                        if (ok.value().isEmpty()) {
                            LOG.info("no Slack user has the e-mail address {}: named as text in {}",
                                    Redaction.email(mention), message.channel());
                        }
                        mentions.add(ok.value().orElse(mention));
                    }
                    case SlackAnswer.Failed<Optional<String>> failed -> {
                        return new Preparation.Refused(failed.outcome());
                    }
                }
            }
            resolved.mentions(mentions);
        }
        String updateTs = null;
        if (message.updateKey() != null) {
            switch (keyed.find(message.channel(), Kind.UPDATE, message.updateKey())) {
                case SlackAnswer.Ok<Optional<String>> ok -> updateTs = ok.value().orElse(null);
                case SlackAnswer.Failed<Optional<String>> failed -> {
                    return new Preparation.Refused(failed.outcome());
                }
            }
        }
        if (updateTs == null && message.threadKey() != null && message.threadTs() == null) {
            switch (keyed.find(message.channel(), Kind.THREAD, message.threadKey())) {
                case SlackAnswer.Ok<Optional<String>> ok -> ok.value().ifPresent(resolved::threadTs);
                case SlackAnswer.Failed<Optional<String>> failed -> {
                    return new Preparation.Refused(failed.outcome());
                }
            }
        }
        SlackMessage ready = resolved.build();
        return new Preparation.Ready(ready, BlockKitRenderer.render(ready), updateTs, uploads);
    }

    /**
     * Makes a Slack call, and once more if Slack refused the credentials and the secret has since been rotated:
     * Slack refused the first attempt, so one more cannot duplicate it.
     */
    private SlackOutcome attempt(Supplier<SlackOutcome> call) {
        SlackOutcome outcome = call.get();
        if (outcome instanceof SlackOutcome.ConfigurationError && transport.refreshCredentials()) {
            outcome = call.get();
        }
        return outcome;
    }

    /** The least time between two posts (or updates, or uploads) to one channel, counted from when one left. */
    private long spacing() {
        return config.channelInterval().plus(SEND_MARGIN).toNanos();
    }

    /** Whether a message has anything to post besides its files. */
    private static boolean hasContent(SlackMessage m) {
        return !isEmpty(m.title()) || !isEmpty(m.body()) || !isEmpty(m.text()) || !m.extraBlocks().isEmpty()
                || m.blocks() != null && !m.blocks().isEmpty() || m.attachments() != null && !m.attachments().isEmpty()
                || !m.mentions().isEmpty();
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** The upload of a message's files: one turn of its channel, paced like a post. */
    private SlackOutcome upload(Lane lane, Item item) {
        FilesStep step = item.files();
        lane.nextPost = clock.nanoTime() + spacing();
        SlackOutcome outcome = attempt(() -> transport.upload(item.channel(), step.threadTs(), step.files()));
        // the delivery is the message's: its post's ts, if it had one
        return outcome instanceof SlackOutcome.Delivered d
                ? new SlackOutcome.Delivered(step.postedTs(), d.latency(), d.sentNanos()) : outcome;
    }

    /**
     * The files of a message whose post is in Slack could not be uploaded now: rather than retry the message (and
     * post it twice), its files go on as a message of their own into the post's thread — queued again behind the
     * channel's queued messages, or dead-lettered with the reason when they can never be uploaded. The original is
     * deleted. Only if the queue refuses that too is the original retried whole, which may post it again.
     */
    private Disposition filesFollow(Item item, SlackOutcome outcome) {
        SlackMessage message = item.decoded();
        SlackMessage rest = SlackMessage.builder(message.channel()).priority(message.priority())
                .threadTs(item.files().threadTs()).files(message.files()).build();
        InboundMessage remainder = withBody(item.message(), WireFormat.encode(rest));
        String posted = item.files().postedTs();
        if (outcome instanceof SlackOutcome.Permanent permanent) {
            Disposition d = deadLetter(remainder, item.channel(), reason(permanent) + " (the message was posted as "
                    + posted + "; its files were not)", permanent.error(), permanent);
            return d;
        }
        try {
            queue.forward(item.message(), remainder.body());
        } catch (SdkException e) {
            LOG.warn("could not queue the files of {} apart ({}): retrying the message, which may post it again",
                    item.message().messageId(), Redaction.describe(e));
            return retry(item.message(), item.channel(), backoff.delay(item.message().receiveCount()),
                    Outcome.TRANSIENT, outcome);
        }
        LOG.info("the files of {} (posted as {}) follow as a message of their own: {}", item.message().messageId(),
                posted, outcome.error());
        record(item.message(), item.channel(), Outcome.DELIVERED, outcome, "files follow as a message of their own: "
                + outcome.error(), null, posted, 1);
        return Disposition.DELETE;
    }

    private static InboundMessage withBody(InboundMessage m, String body) {
        return new InboundMessage(m.messageId(), m.receiptHandle(), body, m.groupId(), m.receiveCount(),
                m.sentTimestamp(), m.messageAttributes(), m.queueArn());
    }

    /** A dead letter's reason for a permanent failure: a file the relay cannot read, or Slack's refusal. */
    private static String reason(SlackOutcome.Permanent permanent) {
        return (permanent.error().equals(FILE_UNREADABLE) ? FILE_UNREADABLE : "slack_error") + ": "
                + permanent.detail();
    }

    private static boolean needsLookups(SlackMessage m) {
        return m.updateKey() != null || m.threadKey() != null && m.threadTs() == null
                || m.hasEmailMentions();
    }

    private SlackOutcome send(Preparation.Ready ready) {
        if (ready.updateTs() == null) {
            return transport.post(ready.rendered());
        }
        // Slack limits chat.update per workspace (Tier 3), not per channel: after one 429, this environment's other
        // updates wait out its Retry-After instead of each spending a call on a 429 of its own
        long now = clock.nanoTime();
        long heldUntil = updatesHeldUntil.get();
        if (now < heldUntil) {
            return new SlackOutcome.RateLimited(Duration.ofNanos(heldUntil - now), Duration.ZERO);
        }
        SlackOutcome outcome = transport.update(ready.updateTs(), ready.rendered());
        if (outcome instanceof SlackOutcome.RateLimited limited) {
            updatesHeldUntil.accumulateAndGet(now + limited.retryAfter().toNanos(), Math::max);
        }
        return outcome;
    }

    /** Remembers where a keyed message went, so that the next message with its key finds it without a look-up. */
    private void remember(Preparation.Ready ready, String ts) {
        SlackMessage message = ready.message();
        String where = ready.updateTs() != null ? ready.updateTs() : ts;
        if (message.updateKey() != null && where != null) {
            keyed.remember(message.channel(), Kind.UPDATE, message.updateKey(), where);
        }
        if (message.threadKey() != null && message.threadTs() == null && ready.updateTs() == null && ts != null) {
            keyed.remember(message.channel(), Kind.THREAD, message.threadKey(), ts);
        }
    }

    /** Sleeps until the relay clock's {@code nanos}; returns false if interrupted. */
    private boolean pauseUntil(long nanos) {
        if (nanos == Long.MIN_VALUE) {
            return true;
        }
        long remaining = nanos - clock.nanoTime();
        if (remaining <= 0) {
            return true;
        }
        try {
            clock.sleep(Duration.ofNanos(remaining));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Why the handler holds before returning: a message group (= channel) stays locked until its messages are
     * deleted, which the host does when the handler returns, so returning no earlier than one channel interval after
     * the last post left keeps every execution environment from posting to this channel too soon. Pacing without a
     * database, shared across all concurrency. Counted from when the request left, not from Slack's answer: Slack
     * counts a post when it arrives, and its answer comes 150-500 ms later, time that would otherwise be added to
     * every interval (0.78 of the limit at 250 ms). The next post leaves after the hold plus a delete, a receive and
     * a render, so it arrives at least {@link #SEND_MARGIN} plus that work after this one unless the network delays
     * this one by more; a rare early arrival meets Slack's short-burst tolerance or a 429, which retries it in order.
     */
    private void hold(long sentNanos) {
        if (sentNanos == Long.MIN_VALUE) {
            return;
        }
        pauseUntil(sentNanos + spacing());
    }

    /** Makes messages that were not attempted visible again at once; the queue keeps each group's order. */
    private void release(List<InboundMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            queue.release(messages);
        } catch (SdkException e) {
            // their visibility timeout still brings them back, only later
            LOG.warn("could not release {} message(s) for redelivery: {}", messages.size(), Redaction.describe(e));
        }
    }

    /**
     * One message of a batch, decoded and valid, or why it cannot be posted.
     *
     * @param files its files' upload, once they are read and wait for their turn; {@code null} before
     */
    private record Item(int index, InboundMessage message, String channel, SlackMessage decoded,
                        InvalidMessageException invalid, FilesStep files) {

        Item withFiles(FilesStep step) {
            return new Item(index, message, channel, decoded, invalid, step);
        }
    }

    /**
     * A message's files, read, waiting for their upload.
     *
     * @param threadTs the thread they go into, or {@code null} for the channel
     * @param postedTs the ts of the message's post, or {@code null} when the message is only files
     */
    private record FilesStep(List<FileUpload> files, String threadTs, String postedTs) {
    }

    /** Messages that go out in one post, and that post. */
    private record Fold(List<Item> items, RenderedMessage rendered) {
    }

    /** One channel's messages of a batch, in order. Confined to the handling thread. */
    private static final class Lane {
        final Deque<Item> pending = new ArrayDeque<>();
        /** Batch indexes of messages to post alone (their digest was refused). */
        final Set<Integer> alone = new HashSet<>();
        /** Relay clock nanos before which this channel's next post must not leave. */
        long nextPost = Long.MIN_VALUE;
        /** A post was refused for now: the rest waits for the retry. */
        boolean stopped;
    }

    private Disposition retry(InboundMessage message, String channel, Duration delay, Outcome outcome,
                              SlackOutcome slack) {
        if (message.receiveCount() >= config.maxReceiveCount()) {
            return deadLetter(message, channel, "retries_exhausted: " + message.receiveCount()
                    + " attempts, last " + slack.error(), slack.error(), slack);
        }
        try {
            queue.retryAfter(message, delay);
        } catch (SdkException e) {
            // the queue's own visibility timeout still brings it back, only later
            LOG.warn("could not change visibility of {}: {}", message.messageId(), Redaction.describe(e));
        }
        record(message, channel, outcome, slack, detail(slack), Math.max(1, delay.toSeconds()));
        return Disposition.RETRY;
    }

    private Disposition deadLetter(InboundMessage message, String channel, String reason, String slackError,
                                   SlackOutcome slack) {
        try {
            queue.deadLetter(message, reason, slackError);
        } catch (SdkException e) {
            Duration delay = backoff.delay(message.receiveCount());
            LOG.warn("could not dead-letter {} ({}): {}; retrying in {}", message.messageId(), reason,
                    Redaction.describe(e), delay);
            try {
                queue.retryAfter(message, delay);
            } catch (SdkException again) {
                LOG.warn("could not change visibility of {}: {}", message.messageId(), Redaction.describe(again));
            }
            record(message, channel, Outcome.TRANSIENT, slack, "dead-letter send failed: " + reason,
                    delay.toSeconds());
            return Disposition.RETRY;
        }
        record(message, channel, Outcome.DEAD_LETTERED, slack, reason, null);
        return Disposition.DELETE;
    }

    private void record(InboundMessage message, String channel, Outcome outcome, SlackOutcome slack, String reason,
                        Long retryInSeconds) {
        record(message, channel, outcome, slack, reason, retryInSeconds, null, null);
    }

    private void record(InboundMessage message, String channel, Outcome outcome, SlackOutcome slack, String reason,
                        Long retryInSeconds, String ts, Integer postSize) {
        Long queueAge = message.sentTimestamp() == null ? null
                : Math.max(0, clock.millis() - message.sentTimestamp().toEpochMilli());
        log.record(new DeliveryLog.Entry(message.messageId(), channel, outcome, message.receiveCount(), queueAge,
                slack == null ? null : slack.latency().toMillis(), slack == null ? null : slack.error(), reason,
                retryInSeconds, ts, postSize));
    }

    private static String detail(SlackOutcome outcome) {
        return switch (outcome) {
            case SlackOutcome.Transient t -> t.detail();
            case SlackOutcome.Permanent p -> p.detail();
            case SlackOutcome.Delivered d -> null;
            case SlackOutcome.RateLimited r -> null;
            case SlackOutcome.ConfigurationError c -> "Slack credentials or configuration: " + c.error();
        };
    }

    /** The relay's configuration. */
    public RelayConfig config() {
        return config;
    }

    @Override
    public void close() {
        transport.close();
    }

    /**
     * Builds a {@link Relay}. Defaults: SQS and Secrets Manager clients from {@link SdkClients} (the latter only when
     * a secret ARN is configured), the delivery log on {@link System#out}, the {@linkplain RelayClock#system() system
     * clock}. The relay does not close the clients it is given. Not thread-safe.
     */
    public static final class Builder {
        private RelayConfig config;
        private SqsClient sqsClient;
        private SecretsManagerClient secretsManagerClient;
        private PrintStream deliveryLog = System.out;
        private RelayClock clock = RelayClock.system();
        private SlackTransport transport;
        private S3Client s3Client;

        private Builder() {
        }

        /** The configuration (required). */
        public Builder config(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The SQS client for visibility changes and dead letters. */
        public Builder sqsClient(SqsClient sqsClient) {
            this.sqsClient = Objects.requireNonNull(sqsClient, "sqsClient");
            return this;
        }

        /** The Secrets Manager client that reads the token or webhook secret, when its ARN is configured. */
        public Builder secretsManagerClient(SecretsManagerClient secretsManagerClient) {
            this.secretsManagerClient = Objects.requireNonNull(secretsManagerClient, "secretsManagerClient");
            return this;
        }

        /**
         * Where the per-message JSON lines (the EMF records) go; read them back with {@link DeliveryLog#parse} and
         * {@link DeliveryLog#lineSink}.
         */
        public Builder deliveryLog(PrintStream deliveryLog) {
            this.deliveryLog = Objects.requireNonNull(deliveryLog, "deliveryLog");
            return this;
        }

        /** The clock for the hold after a post, latencies, queue ages and the log's timestamps. */
        public Builder clock(RelayClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The S3 client that reads files named by S3 reference; by default one from {@link SdkClients#s3()} when
         * {@link RelayConfig#filesBucket()} is set.
         */
        public Builder s3Client(S3Client s3Client) {
            this.s3Client = Objects.requireNonNull(s3Client, "s3Client");
            return this;
        }

        /** Tests: posts through this instead of the Slack SDK. */
        Builder transport(SlackTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * The relay, with its Slack client built (a Secrets Manager secret is read on first use).
         *
         * @throws NullPointerException if no configuration was given
         */
        public Relay build() {
            return new Relay(this);
        }
    }
}
