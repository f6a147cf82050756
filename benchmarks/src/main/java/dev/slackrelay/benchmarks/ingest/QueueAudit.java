package dev.slackrelay.benchmarks.ingest;

import dev.slackrelay.local.pipeline.LocalPipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * B7's reconciliation: drains the relay and urgent queues (the relay does not run) and matches every message ID a 202
 * returned (the message's {@code MessageDeduplicationId}) against what was on them. Run once.
 *
 * @param accepted   IDs the 202s returned
 * @param onQueue    messages drained from the queues
 * @param lost       accepted IDs not on the queues
 * @param duplicates IDs on the queues more than once, or returned by more than one 202
 * @param unexpected messages on the queues that no 202 returned
 */
record QueueAudit(long accepted, long onQueue, long lost, long duplicates, long unexpected) {

    /** Drains the queues with {@code drainers} threads each (FIFO groups drain in parallel) and reconciles. */
    static QueueAudit of(LocalPipeline pipeline, Collection<String> acceptedIds, int drainers)
            throws InterruptedException {
        ConcurrentLinkedQueue<String> drained = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (String queueUrl : List.of(pipeline.sqs().queueUrl(), pipeline.sqs().urgentQueueUrl())) {
            for (int i = 0; i < drainers; i++) {
                threads.add(Thread.ofPlatform().start(() -> drain(pipeline, queueUrl, drained)));
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        Map<String, Integer> seen = new HashMap<>();
        drained.forEach(id -> seen.merge(id, 1, Integer::sum));
        Set<String> accepted = new HashSet<>();
        long duplicateAnswers = acceptedIds.stream().filter(id -> !accepted.add(id)).count();
        long lost = accepted.stream().filter(id -> !seen.containsKey(id)).count();
        long duplicates = duplicateAnswers + seen.values().stream().filter(n -> n > 1).count();
        long unexpected = seen.keySet().stream().filter(id -> !accepted.contains(id)).count();
        return new QueueAudit(acceptedIds.size(), drained.size(), lost, duplicates, unexpected);
    }

    /** The audits of several runs, added up. */
    static QueueAudit sum(List<QueueAudit> audits) {
        return new QueueAudit(audits.stream().mapToLong(QueueAudit::accepted).sum(),
                audits.stream().mapToLong(QueueAudit::onQueue).sum(), audits.stream().mapToLong(QueueAudit::lost).sum(),
                audits.stream().mapToLong(QueueAudit::duplicates).sum(),
                audits.stream().mapToLong(QueueAudit::unexpected).sum());
    }

    private static void drain(LocalPipeline pipeline, String queueUrl, Collection<String> drained) {
        SqsClient sqs = pipeline.sqs().client();
        int emptyReceives = 0;
        while (emptyReceives < 2 || pipeline.onQueue() > 0) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)
                    .visibilityTimeout(60).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            emptyReceives = 0;
            messages.forEach(m -> drained.add(m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id("m" + i)
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }
}
