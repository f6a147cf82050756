package dev.slackrelay.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

class EventSourcePollerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private ElasticMqQueues sqs;
    private EventSourcePoller poller;

    @AfterEach
    void tearDown() {
        if (poller != null) {
            poller.stop(Duration.ofSeconds(10));
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    /** One delivery as the handler saw it. */
    record Delivery(SQSMessage record, Context context, long startMillis, long endMillis) {
        String body() {
            return record.getBody();
        }

        String group() {
            return record.getAttributes().get("MessageGroupId");
        }

        int receiveCount() {
            return Integer.parseInt(record.getAttributes().get("ApproximateReceiveCount"));
        }
    }

    /** A test handler that records every delivery and answers as {@code behaviour} says. */
    static final class RecordingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
        interface Behaviour {
            SQSBatchResponse handle(SQSMessage record, Context context) throws Exception;
        }

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        private final Behaviour behaviour;

        RecordingHandler(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            assertThat(event.getRecords()).hasSize(1);
            SQSMessage record = event.getRecords().getFirst();
            long start = System.currentTimeMillis();
            try {
                return behaviour.handle(record, context);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                deliveries.add(new Delivery(record, context, start, System.currentTimeMillis()));
            }
        }
    }

    static SQSBatchResponse failItem(SQSMessage record) {
        return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(record.getMessageId())));
    }

    private void startSqs(Duration visibility, int maxReceiveCount) {
        sqs = ElasticMqQueues.start(visibility, maxReceiveCount);
    }

    private EventSourcePoller.Builder pollerFor(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(sqs.queueUrl()).queueArn(sqs.queueArn())
                .handler(handler).maxConcurrency(2).waitTimeSeconds(1).functionTimeout(Duration.ofSeconds(10))
                .errorBackoff(Duration.ofMillis(50));
    }

    private String send(String group, String body) {
        return sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageGroupId(group)
                .messageDeduplicationId(UUID.randomUUID().toString()).messageBody(body)).messageId();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private int messagesIn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void deletesAMessageWhenTheHandlerReturnsNoFailures() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        poller = pollerFor(handler).build().start();

        send("C1", "null response");
        send("C2", "empty list");
        await("both deleted", () -> poller.stats().deletes() == 2);

        assertThat(messagesIn(sqs.queueUrl())).isZero();
        PollerStats stats = poller.stats();
        assertThat(stats.received()).isEqualTo(2);
        assertThat(stats.succeeded()).isEqualTo(2);
        assertThat(stats.itemFailures()).isZero();
        assertThat(stats.crashes()).isZero();
    }

    @Test
    void deletesAMessageWhenTheHandlerReturnsAnEmptyFailureList() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        poller = pollerFor(new RecordingHandler((record, context) -> new SQSBatchResponse(List.of())))
                .build().start();

        send("C1", "hello");
        await("deleted", () -> poller.stats().deletes() == 1);

        assertThat(messagesIn(sqs.queueUrl())).isZero();
    }

    @Test
    void deliversRecordsWithTheAttributesLambdaSends() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        poller = pollerFor(handler).functionTimeout(Duration.ofSeconds(20)).build().start();
        String body = "{\"channel\":\"C0123\",\"message\":\"hi\"}";

        String messageId = sqs.client().sendMessage(r -> r.queueUrl(sqs.queueUrl()).messageGroupId("C0123")
                .messageDeduplicationId("dedup-1").messageBody(body).messageAttributes(Map.of(
                        "traceparent", MessageAttributeValue.builder().dataType("String")
                                .stringValue("00-abc-def-01").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("xyz")).build()))).messageId();
        await("delivered", () -> handler.deliveries.size() == 1);

        SQSMessage record = handler.deliveries.getFirst().record();
        assertThat(record.getMessageId()).isEqualTo(messageId);
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getBody()).isEqualTo(body);
        assertThat(record.getMd5OfBody()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(record.getMd5OfMessageAttributes()).isNotBlank();
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo(sqs.queueArn());
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getAttributes())
                .containsEntry("ApproximateReceiveCount", "1")
                .containsEntry("MessageGroupId", "C0123")
                .containsEntry("MessageDeduplicationId", "dedup-1")
                .containsKeys("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp", "SequenceNumber");
        assertThat(Long.parseLong(record.getAttributes().get("ApproximateFirstReceiveTimestamp")))
                .isGreaterThanOrEqualTo(Long.parseLong(record.getAttributes().get("SentTimestamp")));
        SQSEvent.MessageAttribute traceparent = record.getMessageAttributes().get("traceparent");
        assertThat(traceparent.getDataType()).isEqualTo("String");
        assertThat(traceparent.getStringValue()).isEqualTo("00-abc-def-01");
        assertThat(traceparent.getStringListValues()).isEmpty();
        SQSEvent.MessageAttribute blob = record.getMessageAttributes().get("blob");
        assertThat(blob.getDataType()).isEqualTo("Binary");
        assertThat(StandardCharsets.UTF_8.decode(blob.getBinaryValue()).toString()).isEqualTo("xyz");

        Context context = handler.deliveries.getFirst().context();
        assertThat(context.getRemainingTimeInMillis()).as("counts down from the function timeout")
                .isBetween(1, 20_000);
        assertThat(context.getAwsRequestId()).isNotBlank();
    }

    @Test
    void receivesUpToBatchSizeMessagesOfAGroupInOneInvocationWithTheFunctionTimeLeft() throws Exception {
        startSqs(Duration.ofSeconds(20), 3);
        List<SQSEvent> batches = new CopyOnWriteArrayList<>();
        List<Integer> remaining = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 7; i++) {
            send("C1", "m" + i);
        }
        poller = pollerFor((event, context) -> {
            batches.add(event);
            remaining.add(context.getRemainingTimeInMillis());
            return new SQSBatchResponse(List.of());
        }).maxConcurrency(1).batchSize(5).functionTimeout(Duration.ofSeconds(20)).build().start();

        await("all handled", () -> batches.stream().mapToInt(b -> b.getRecords().size()).sum() == 7);

        assertThat(batches).extracting(b -> b.getRecords().stream().map(SQSMessage::getBody).toList())
                .containsExactly(List.of("m1", "m2", "m3", "m4", "m5"), List.of("m6", "m7"));
        assertThat(remaining).allSatisfy(ms -> assertThat(ms).isBetween(10_000, 20_000));
        await("all deleted", () -> poller.stats().deletes() == 7);
    }

    @Test
    void handlesAGroupInOrderOneAtATimeWhileAnotherGroupProceedsInParallel() throws Exception {
        startSqs(Duration.ofSeconds(20), 3);
        Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> maxActive = new ConcurrentHashMap<>();
        CountDownLatch otherGroupStarted = new CountDownLatch(1);
        AtomicBoolean overlappedWithOtherGroup = new AtomicBoolean();
        RecordingHandler handler = new RecordingHandler((record, context) -> {
            String group = record.getAttributes().get("MessageGroupId");
            int now = active.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
            maxActive.computeIfAbsent(group, g -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                switch (record.getBody()) {
                    // A1 holds its group until B1 runs: only possible if B1 is not queued behind group A.
                    case "A1" -> overlappedWithOtherGroup.set(otherGroupStarted.await(10, TimeUnit.SECONDS));
                    case "B1" -> otherGroupStarted.countDown();
                    default -> Thread.sleep(100);
                }
                return null;
            } finally {
                active.get(group).decrementAndGet();
            }
        });
        send("A", "A1");
        send("A", "A2");
        send("A", "A3");
        send("B", "B1");

        poller = pollerFor(handler).maxConcurrency(2).build().start();
        await("all handled", () -> poller.stats().deletes() == 4);

        assertThat(overlappedWithOtherGroup).isTrue();
        assertThat(maxActive.get("A").get()).isEqualTo(1);
        List<Delivery> groupA = handler.deliveries.stream().filter(d -> d.group().equals("A"))
                .sorted(java.util.Comparator.comparingLong(Delivery::startMillis)).toList();
        assertThat(groupA).extracting(Delivery::body).containsExactly("A1", "A2", "A3");
        for (int i = 1; i < groupA.size(); i++) {
            assertThat(groupA.get(i).startMillis()).isGreaterThanOrEqualTo(groupA.get(i - 1).endMillis());
        }
    }

    @Test
    void redeliversAFailedItemNoSoonerThanTheVisibilityTimeout() throws Exception {
        Duration visibility = Duration.ofSeconds(2);
        startSqs(visibility, 5);
        RecordingHandler handler = new RecordingHandler((record, context) ->
                record.getAttributes().get("ApproximateReceiveCount").equals("1") ? failItem(record) : null);
        poller = pollerFor(handler).build().start();

        send("C1", "retry me");
        await("handled twice and deleted", () -> poller.stats().deletes() == 1);

        assertThat(handler.deliveries).extracting(Delivery::receiveCount).containsExactly(1, 2);
        Delivery first = handler.deliveries.get(0);
        Delivery second = handler.deliveries.get(1);
        long firstReceived = Long.parseLong(first.record().getAttributes().get("ApproximateFirstReceiveTimestamp"));
        // lower bound only; 50 ms of slack for the millisecond clocks on either side
        assertThat(second.startMillis() - firstReceived).isGreaterThanOrEqualTo(visibility.toMillis() - 50);
        assertThat(second.record().getMessageId()).isEqualTo(first.record().getMessageId());
        assertThat(poller.stats().itemFailures()).isEqualTo(1);
        assertThat(poller.stats().succeeded()).isEqualTo(1);
    }

    @Test
    void survivesAHandlerThatThrowsAndTheMessageIsRedelivered() throws Exception {
        startSqs(Duration.ofSeconds(1), 5);
        RecordingHandler handler = new RecordingHandler((record, context) -> switch (record.getAttributes()
                .get("ApproximateReceiveCount")) {
            case "1" -> throw new IllegalStateException("boom (expected by the test)");
            case "2" -> throw new AssertionError("an Error (expected by the test)");
            default -> null;
        });
        // a single worker: the redeliveries prove that it survived both crashes
        poller = pollerFor(handler).maxConcurrency(1).build().start();

        send("C1", "crash twice");
        await("deleted", () -> poller.stats().deletes() == 1);

        assertThat(handler.deliveries).extracting(Delivery::receiveCount).containsExactly(1, 2, 3);
        assertThat(poller.stats().crashes()).isEqualTo(2);
        assertThat(poller.isRunning()).isTrue();
    }

    @Test
    void failsTheWholeBatchWhenTheResponseNamesAMessageNotInIt() throws Exception {
        startSqs(Duration.ofSeconds(1), 5);
        RecordingHandler handler = new RecordingHandler((record, context) ->
                record.getAttributes().get("ApproximateReceiveCount").equals("1")
                        ? new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-in-batch")))
                        : null);
        poller = pollerFor(handler).build().start();

        send("C1", "x");
        await("deleted", () -> poller.stats().deletes() == 1);

        assertThat(handler.deliveries).extracting(Delivery::receiveCount).containsExactly(1, 2);
        assertThat(poller.stats().invalidResponses()).isEqualTo(1);
    }

    @Test
    void leavesTheMessageWhenTheHandlerOutlivesTheFunctionTimeout() throws Exception {
        startSqs(Duration.ofSeconds(2), 5);
        RecordingHandler handler = new RecordingHandler((record, context) -> {
            if (record.getAttributes().get("ApproximateReceiveCount").equals("1")) {
                Thread.sleep(1_300);
            }
            return null;
        });
        poller = pollerFor(handler).functionTimeout(Duration.ofSeconds(1)).build().start();

        send("C1", "slow");
        await("deleted", () -> poller.stats().deletes() == 1);

        assertThat(handler.deliveries).extracting(Delivery::receiveCount).containsExactly(1, 2);
        assertThat(poller.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void movesAMessageToTheDeadLetterQueueAfterMaxReceiveCountFailures() throws Exception {
        startSqs(Duration.ofSeconds(1), 2);
        RecordingHandler handler = new RecordingHandler((record, context) -> failItem(record));
        poller = pollerFor(handler).build().start();

        String messageId = send("C1", "never works");
        Message[] dead = new Message[1];
        await("message in the DLQ", () -> {
            List<Message> messages = sqs.client().receiveMessage(r -> r.queueUrl(sqs.dlqUrl()).waitTimeSeconds(1))
                    .messages();
            dead[0] = messages.isEmpty() ? null : messages.getFirst();
            return dead[0] != null;
        });

        assertThat(dead[0].messageId()).isEqualTo(messageId);
        assertThat(dead[0].body()).isEqualTo("never works");
        assertThat(handler.deliveries).extracting(Delivery::receiveCount).containsExactly(1, 2);
        assertThat(messagesIn(sqs.queueUrl())).isZero();
    }

    @Test
    void keepsPollingThroughSqsErrors() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        String lateUrl = sqs.endpoint() + "/000000000000/late.fifo";
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        poller = EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(lateUrl)
                .queueArn("arn:aws:sqs:us-east-1:000000000000:late.fifo").handler(handler).maxConcurrency(1)
                .waitTimeSeconds(1).errorBackoff(Duration.ofMillis(50)).build().start();

        await("a failed receive", () -> poller.stats().receiveErrors() >= 1);
        sqs.client().createQueue(r -> r.queueName("late.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE,
                "true")));
        sqs.client().sendMessage(r -> r.queueUrl(lateUrl).messageGroupId("C1").messageDeduplicationId("1")
                .messageBody("finally"));
        await("handled", () -> poller.stats().deletes() == 1);

        assertThat(handler.deliveries).extracting(Delivery::body).containsExactly("finally");
    }

    @Test
    void stopLetsIdleLongPollsRunOutInsteadOfAbortingThem() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        poller = pollerFor(new RecordingHandler((record, context) -> null)).maxConcurrency(3).waitTimeSeconds(2)
                .build().start();
        Thread.sleep(300); // let the workers enter their long polls

        boolean stopped = poller.stop(Duration.ofSeconds(1));

        assertThat(stopped).as("within the idle stop time, though longer than the grace").isTrue();
        assertThat(poller.isRunning()).isFalse();
        assertThat(poller.awaitTermination(Duration.ZERO)).isTrue();
        // each worker's last long poll was waited out and came back empty; an aborted one would not count
        assertThat(poller.stats().emptyReceives()).isGreaterThanOrEqualTo(3);
        assertThat(poller.stats().receiveErrors()).isZero();
        assertThat(poller.stats().released()).isZero();
    }

    @Test
    void stopWakesAWorkerBackingOffAfterAnSqsError() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        poller = EventSourcePoller.builder().sqsClient(sqs.client()).queueUrl(sqs.endpoint() + "/000000000000/none")
                .queueArn("arn:aws:sqs:us-east-1:000000000000:none").handler(new RecordingHandler((r, c) -> null))
                .maxConcurrency(1).waitTimeSeconds(1).errorBackoff(Duration.ofMinutes(10)).build().start();
        await("a failed receive", () -> poller.stats().receiveErrors() >= 1);

        // a backoff that ran on would outlast both the grace and the idle stop time
        assertThat(poller.stop(Duration.ofSeconds(1))).isTrue();
    }

    /**
     * Holds the answer of the first long poll that brings a message until its thread is interrupted, then fails the
     * call as an interrupted socket read would: SQS has handed the message over, the poller never sees it. This is a
     * hung connection, on which {@link EventSourcePoller#stop(Duration)} gives up once the poll's answer is overdue.
     */
    static final class StallFirstLongPollWithAMessage implements ExecutionInterceptor {
        final CountDownLatch stalled = new CountDownLatch(1);
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void afterUnmarshalling(software.amazon.awssdk.core.interceptor.Context.AfterUnmarshalling context,
                                       ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest request && request.waitTimeSeconds() != null
                    && request.waitTimeSeconds() > 0 && context.response() instanceof ReceiveMessageResponse response
                    && response.hasMessages() && !response.messages().isEmpty() && done.compareAndSet(false, true)) {
                stalled.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw AbortedException.builder().message("long poll aborted").cause(e).build();
                }
            }
        }
    }

    private List<Message> receiveNow() {
        return sqs.client().receiveMessage(r -> r.queueUrl(sqs.queueUrl()).waitTimeSeconds(0)).messages();
    }

    @Test
    void stopMakesAMessageThatAnAbortedLongPollHadReceivedVisibleAgainAtOnce() throws Exception {
        // without the release the message would stay invisible for 10 minutes, far longer than this test
        startSqs(Duration.ofMinutes(10), 5);
        StallFirstLongPollWithAMessage stall = new StallFirstLongPollWithAMessage();
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        try (SqsClient stalling = sqs.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(stall))
                .build()) {
            // a short wait: stop gives up on the stalled poll only once its answer is overdue
            poller = EventSourcePoller.builder().sqsClient(stalling).queueUrl(sqs.queueUrl())
                    .queueArn(sqs.queueArn()).handler(handler).maxConcurrency(1).waitTimeSeconds(1).build().start();
            String messageId = send("C1", "taken by a long poll that stop aborts");
            assertThat(stall.stalled.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(receiveNow()).as("in flight to the stalled long poll").isEmpty();

            assertThat(poller.stop(Duration.ofSeconds(30))).isTrue();

            assertThat(receiveNow()).as("visible again right after stop").extracting(Message::messageId)
                    .containsExactly(messageId);
            assertThat(handler.deliveries).isEmpty();
            assertThat(poller.stats().released()).isEqualTo(1);
            assertThat(poller.stats().receiveErrors()).isZero();
        }
    }

    /**
     * A server keeps a long poll open until its wait ends even when the client has gone (ElasticMQ and moto do, see
     * {@link ReceiveRequestAttemptIdTest}): a message sent while the poller stops must not go to such an abandoned
     * poll and stay invisible for the visibility timeout. It is received once, by a poll that is still listening, and
     * made visible again when stop returns.
     */
    @Test
    void stopLeavesNoMessageSentWhileStoppingInvisible() throws Exception {
        startSqs(Duration.ofMinutes(10), 5);
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        poller = pollerFor(handler).maxConcurrency(3).waitTimeSeconds(5).build().start();
        Thread.sleep(300); // let the workers enter their long polls

        Thread stopping = Thread.ofVirtual().start(() -> poller.stop(Duration.ofSeconds(30)));
        await("stopping", () -> !poller.isRunning());
        String messageId = send("C1", "sent while the poller stops");
        stopping.join();

        List<Message> visible = sqs.client().receiveMessage(r -> r.queueUrl(sqs.queueUrl()).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertThat(visible).as("visible again once stop returned").extracting(Message::messageId)
                .containsExactly(messageId);
        assertThat(visible.getFirst().attributes()).as("received once by the stopping poller, once here")
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
        assertThat(handler.deliveries).isEmpty();
        assertThat(poller.stats().released()).isEqualTo(1);
    }

    @Test
    void stopMakesAMessageReceivedWhileStoppingVisibleAgainWithoutHandlingIt() throws Exception {
        startSqs(Duration.ofMinutes(10), 5);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        // a long poll that returns with its message only once stop has begun
        ExecutionInterceptor holdUntilStopping = new ExecutionInterceptor() {
            @Override
            public void afterUnmarshalling(software.amazon.awssdk.core.interceptor.Context.AfterUnmarshalling context,
                                           ExecutionAttributes attributes) {
                if (context.response() instanceof ReceiveMessageResponse response && !response.messages().isEmpty()
                        && held.compareAndSet(false, true)) {
                    boolean interrupted = false;
                    while (true) {
                        try {
                            release.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true; // stop's interrupt: keep the answer, as a poll that just returned
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        RecordingHandler handler = new RecordingHandler((record, context) -> null);
        try (SqsClient client = sqs.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(
                holdUntilStopping)).build()) {
            poller = EventSourcePoller.builder().sqsClient(client).queueUrl(sqs.queueUrl()).queueArn(sqs.queueArn())
                    .handler(handler).maxConcurrency(1).waitTimeSeconds(20).build().start();
            String messageId = send("C1", "received as stop begins");
            await("held", held::get);
            Thread stopping = Thread.ofVirtual().start(() -> poller.stop(Duration.ofSeconds(30)));
            await("stopping", () -> !poller.isRunning());
            release.countDown();
            stopping.join();

            assertThat(receiveNow()).extracting(Message::messageId).containsExactly(messageId);
            assertThat(handler.deliveries).isEmpty();
            assertThat(poller.stats().released()).isEqualTo(1);
        }
    }

    @Test
    void stopLetsARunningInvocationFinishUninterruptedAndApplyItsResult() throws Exception {
        startSqs(Duration.ofSeconds(10), 3);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        poller = pollerFor(new RecordingHandler((record, context) -> {
            started.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return null;
        })).build().start();
        send("C1", "in flight at stop");
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        boolean stopped = poller.stop(Duration.ofSeconds(20));

        assertThat(stopped).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(poller.stats().deletes()).isEqualTo(1);
        assertThat(messagesIn(sqs.queueUrl())).isZero();
    }

    @Test
    void stopBeforeStartAndRepeatedStopAreHarmless() throws Exception {
        startSqs(Duration.ofSeconds(5), 3);
        EventSourcePoller neverStarted = pollerFor(new RecordingHandler((record, context) -> null)).build();
        assertThat(neverStarted.stop(Duration.ofSeconds(1))).isTrue();
        assertThat(neverStarted.awaitTermination(Duration.ofSeconds(1))).isTrue();

        poller = pollerFor(new RecordingHandler((record, context) -> null)).build().start();
        assertThat(poller.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(poller.stop(Duration.ofSeconds(10))).isTrue();
    }
}
