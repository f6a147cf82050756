package dev.slackrelay.benchmarks.ingest;

import dev.slackrelay.local.pipeline.DeliveryRecorder;
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

/**
 * B7's reconciliation: with the relay stopped, drains the relay and urgent queues and matches every message ID a 202
 * returned against what was on them plus what the relay had delivered (or dead-lettered) meanwhile. Run once.
 *
 * @param accepted     IDs the 202s returned
 * @param found        IDs found on the queues or in the relay's delivery log
 * @param onQueue      of them, drained from the queues
 * @param relayed      of them, handled by the relay before it stopped
 * @param lost         accepted IDs found nowhere
 * @param duplicates   IDs found more than once, or returned by more than one 202
 * @param unexpected   IDs found that no 202 returned
 */
record QueueAudit(long accepted, long found, long onQueue, long relayed, long lost, long duplicates,
                  long unexpected) {

    /** Drains the queues with {@code drainers} threads (FIFO groups drain in parallel) and reconciles. */
    static QueueAudit of(LocalPipeline pipeline, Collection<String> acceptedIds, int drainers)
            throws InterruptedException {
        pipeline.stopRelay();
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
        List<String> relayed = pipeline.deliveryLog().entries().stream()
                .filter(e -> e.delivered() || "dead_lettered".equals(e.outcome()))
                .map(DeliveryRecorder.Entry::messageId).toList();
        Map<String, Integer> seen = new HashMap<>();
        drained.forEach(id -> seen.merge(id, 1, Integer::sum));
        relayed.forEach(id -> seen.merge(id, 1, Integer::sum));
        Set<String> accepted = new HashSet<>();
        long duplicateAnswers = acceptedIds.stream().filter(id -> !accepted.add(id)).count();
        long lost = accepted.stream().filter(id -> !seen.containsKey(id)).count();
        long duplicates = duplicateAnswers + seen.values().stream().filter(n -> n > 1).count();
        long unexpected = seen.keySet().stream().filter(id -> !accepted.contains(id)).count();
        return new QueueAudit(acceptedIds.size(), seen.size(), drained.size(), relayed.size(), lost, duplicates,
                unexpected);
    }

    private static void drain(LocalPipeline pipeline, String queueUrl, Collection<String> drained) {
        SqsClient sqs = pipeline.sqs().client();
        int emptyReceives = 0;
        while (emptyReceives < 3 || pipeline.onQueue() > 0) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            emptyReceives = 0;
            messages.forEach(m -> drained.add(m.messageId()));
            List<DeleteMessageBatchRequestEntry> entries = messages.stream().map(m -> DeleteMessageBatchRequestEntry
                    .builder().id(m.messageId().replaceAll("[^A-Za-z0-9_-]", "")).receiptHandle(m.receiptHandle())
                    .build()).toList();
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
    }
}
