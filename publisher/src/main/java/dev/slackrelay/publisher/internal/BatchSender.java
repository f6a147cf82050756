package dev.slackrelay.publisher.internal;

import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.queue.SqsLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends envelopes with {@code SendMessageBatch}, resending only the entries SQS failed for a retryable reason, and
 * never letting a message overtake an earlier message of its channel. One instance serves many calls concurrently;
 * each {@link #send} call keeps its state on its own stack.
 *
 * <p>How order is kept: a call carries at most one message per channel (FIFO group), always the earliest unsent
 * one. SQS enqueues the entries of a FIFO batch in order, but when an entry fails, later entries of the same group
 * in that call may still succeed and so overtake it; with one entry per group that cannot happen. The next message of
 * a channel goes out only after the previous one succeeded. A message that finally fails holds back the rest of its
 * channel ({@link PublishResult.Failed#PRECEDING_MESSAGE_FAILED}), so that publishing the failed ones again, in
 * order, restores the channel's order. Calls are filled with the earliest ready messages of up to ten channels, up
 * to 1 MiB in all.
 */
public final class BatchSender {

    /** SQS's limit on entries per {@code SendMessageBatch}. */
    public static final int MAX_ENTRIES = 10;
    /** SQS's limit on the summed size of the messages of one {@code SendMessageBatch}. */
    public static final long MAX_BATCH_BYTES = SqsLimits.MAX_MESSAGE_BYTES;

    /** Error codes worth resending even when SQS blames the sender. Compared without any {@code Xxx.} prefix. */
    private static final Set<String> RETRYABLE_CODES = Set.of("RequestThrottled", "ThrottlingException", "Throttling",
            "ThrottledException", "TooManyRequestsException", "KmsThrottled", "InternalError", "InternalFailure",
            "ServiceUnavailable", "RequestTimeout");

    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxAttempts;
    /** Capped exponential backoff with jitter over the upper half, so resends of many publishers spread out. */
    private final BackoffStrategy backoff;

    public BatchSender(SqsClient sqs, String queueUrl, int maxAttempts, Duration backoffBase, Duration backoffMax) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.maxAttempts = maxAttempts;
        this.backoff = BackoffStrategy.exponentialDelayHalfJitter(backoffBase, backoffMax);
    }

    /**
     * Sends every envelope and reports each one's final outcome ({@link PublishResult.Sent} or
     * {@link PublishResult.Failed}) to {@code sink}, exactly once, on the calling thread. If the thread is
     * interrupted while waiting to resend, the unsent envelopes are reported failed and the interrupt flag is set
     * again.
     */
    public void send(List<Envelope> envelopes, Consumer<PublishResult> sink) {
        Map<String, ArrayDeque<Pending>> channels = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (Envelope envelope : envelopes) {
            channels.computeIfAbsent(envelope.groupId(), g -> new ArrayDeque<>()).add(new Pending(envelope, start));
        }
        while (!channels.isEmpty()) {
            List<Pending> call = nextCall(channels, System.nanoTime());
            if (call.isEmpty()) {
                if (!sleepUntil(earliestReady(channels))) {
                    failAll(channels, "Interrupted", "not sent: interrupted while waiting to resend", true, sink);
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(SendMessageBatchRequest.builder()
                        .queueUrl(queueUrl)
                        .entries(call.stream().map(p -> p.envelope.toEntry()).toList())
                        .build());
            } catch (SdkException e) {
                // the SDK has already retried this call; whatever broke it (queue gone, no permission, network)
                // would break the next call too
                failAll(channels, code(e), "SendMessageBatch failed: " + e.getMessage(), retryable(e), sink);
                return;
            }
            settle(call, response, channels, sink);
        }
    }

    private void settle(List<Pending> call, SendMessageBatchResponse response,
                        Map<String, ArrayDeque<Pending>> channels, Consumer<PublishResult> sink) {
        Map<String, SendMessageBatchResultEntry> sent = new HashMap<>();
        response.successful().forEach(s -> sent.put(s.id(), s));
        Map<String, BatchResultErrorEntry> failed = new HashMap<>();
        response.failed().forEach(f -> failed.put(f.id(), f));
        long now = System.nanoTime();
        for (Pending p : call) {
            p.attempts++;
            Envelope envelope = p.envelope;
            SendMessageBatchResultEntry ok = sent.get(envelope.entryId());
            if (ok != null) {
                channels.get(envelope.groupId()).removeFirst();
                removeIfEmpty(channels, envelope.groupId());
                sink.accept(new PublishResult.Sent(envelope.index(),
                        new PublishReceipt(ok.messageId(), ok.sequenceNumber(), envelope.deduplicationId())));
                continue;
            }
            BatchResultErrorEntry error = failed.get(envelope.entryId());
            // an entry SQS answered nothing about is resent: its deduplication ID makes that safe
            String code = error != null && error.code() != null ? error.code() : "MissingResult";
            String reason = error != null && error.message() != null ? error.message()
                    : error != null ? "SQS gave no reason" : "SQS reported neither success nor failure";
            boolean retryable = error == null || isRetryable(error);
            if (retryable && p.attempts < maxAttempts) {
                // the SDK counts the attempt the delay comes before; the first attempt has none
                p.readyAt = now + backoff.computeDelay(Math.min(p.attempts, 30) + 1).toNanos();
                continue;
            }
            String detail = retryable ? reason + " (gave up after " + p.attempts + " attempts)" : reason;
            ArrayDeque<Pending> channel = channels.remove(envelope.groupId());
            channel.removeFirst();
            sink.accept(new PublishResult.Failed(envelope.index(), code, detail, retryable,
                    envelope.deduplicationId()));
            for (Pending later : channel) {
                sink.accept(new PublishResult.Failed(later.envelope.index(),
                        PublishResult.Failed.PRECEDING_MESSAGE_FAILED,
                        "not sent, to keep the channel's order: message " + envelope.index() + " to "
                                + envelope.groupId() + " failed first (" + code + ")", true,
                        later.envelope.deduplicationId()));
            }
        }
    }

    /** The earliest ready head of each channel, earliest in the input first, up to 10 entries and 1 MiB. */
    private static List<Pending> nextCall(Map<String, ArrayDeque<Pending>> channels, long now) {
        List<Pending> ready = new ArrayList<>();
        for (ArrayDeque<Pending> channel : channels.values()) {
            Pending head = channel.peekFirst();
            if (head.readyAt - now <= 0) {
                ready.add(head);
            }
        }
        ready.sort(Comparator.comparingInt(p -> p.envelope.index()));
        List<Pending> call = new ArrayList<>(Math.min(ready.size(), MAX_ENTRIES));
        long bytes = 0;
        for (Pending p : ready) {
            if (call.size() == MAX_ENTRIES) {
                break;
            }
            if (bytes + p.envelope.size() <= MAX_BATCH_BYTES) {
                call.add(p);
                bytes += p.envelope.size();
            }
        }
        return call;
    }

    private static long earliestReady(Map<String, ArrayDeque<Pending>> channels) {
        Iterator<ArrayDeque<Pending>> it = channels.values().iterator();
        long earliest = it.next().peekFirst().readyAt;
        while (it.hasNext()) {
            long readyAt = it.next().peekFirst().readyAt;
            if (readyAt - earliest < 0) {
                earliest = readyAt;
            }
        }
        return earliest;
    }

    private static boolean sleepUntil(long readyAt) {
        long wait = readyAt - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void failAll(Map<String, ArrayDeque<Pending>> channels, String code, String reason,
                                boolean retryable, Consumer<PublishResult> sink) {
        List<Pending> unsent = new ArrayList<>();
        channels.values().forEach(unsent::addAll);
        channels.clear();
        unsent.sort(Comparator.comparingInt(p -> p.envelope.index()));
        for (Pending p : unsent) {
            sink.accept(new PublishResult.Failed(p.envelope.index(), code, reason, retryable,
                    p.envelope.deduplicationId()));
        }
    }

    private static void removeIfEmpty(Map<String, ArrayDeque<Pending>> channels, String group) {
        if (channels.get(group).isEmpty()) {
            channels.remove(group);
        }
    }

    static boolean isRetryable(BatchResultErrorEntry error) {
        if (!Boolean.TRUE.equals(error.senderFault())) {
            return true;
        }
        String code = error.code() == null ? "" : error.code();
        return RETRYABLE_CODES.contains(code.substring(code.lastIndexOf('.') + 1));
    }

    private static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static boolean retryable(SdkException e) {
        if (e.retryable()) {
            return true;
        }
        if (e instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException
                && (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException);
    }

    /** An envelope on its way: how often it was sent and when it may be sent again. */
    private static final class Pending {
        final Envelope envelope;
        int attempts;
        long readyAt;

        Pending(Envelope envelope, long readyAt) {
            this.envelope = envelope;
            this.readyAt = readyAt;
        }
    }
}
