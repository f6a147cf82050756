package dev.slackrelay.benchmarks.coldstart.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import dev.slackrelay.relay.SdkClients;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * B3's child process: a fresh JVM that starts the relay the way a host does and handles its first record, then
 * prints one line {@code B3PROBE key=value ...} with epoch-microsecond timestamps and its memory, and exits.
 *
 * <p>It runs on the deployable {@code slack-relay-function.jar} plus a small jar holding this class (and, for the
 * poller path, the event-source poller's classes): so it may use nothing else. Configuration comes from the
 * environment, as in Lambda ({@code SQS_QUEUE_URL}, {@code SLACK_BOT_TOKEN}, {@code AWS_ENDPOINT_URL_SQS}, ...).
 *
 * <ul>
 *   <li>{@code lambda}: {@code new RelayHandler()} (what the Lambda runtime does on init), then two
 *       {@link SQSEvent}s handed to it directly, as the Lambda event source would.</li>
 *   <li>{@code poller}: the standalone poller — an SQS client, the relay on it and the event-source poller, which
 *       receives the record the parent queued.</li>
 * </ul>
 *
 * <p>A {@code main} only, run once per JVM.
 */
public final class ColdStartProbe {

    /** {@link RelayHandler} never reads the Lambda context, so the probe passes none. */
    private static final Context NO_CONTEXT = null;

    /** Prefix of the result line. */
    public static final String PREFIX = "B3PROBE";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long main = micros();
        String mode = args[0];
        String channel = System.getenv("B3_CHANNEL");
        long ready;
        long first;
        long second = -1;
        int failures;
        switch (mode) {
            case "lambda" -> {
                RelayHandler handler = new RelayHandler();
                ready = micros();
                failures = handler.handleRequest(event(channel, 1), NO_CONTEXT).getBatchItemFailures().size();
                first = micros();
                Memory memory = Memory.measure();
                long start = micros();
                failures += handler.handleRequest(event(channel, 2), NO_CONTEXT).getBatchItemFailures().size();
                second = micros() - start;
                report(main, ready, first, second, failures, memory);
            }
            case "poller" -> {
                SqsClient sqs = SdkClients.sqs();
                RelayHandler relay = new RelayHandler(Relay.builder().config(RelayConfig.fromEnvironment()).sqsClient(sqs).build());
                AtomicLong handledAt = new AtomicLong();
                AtomicLong failed = new AtomicLong();
                CountDownLatch handled = new CountDownLatch(1);
                RequestHandler<SQSEvent, SQSBatchResponse> observed = (event, context) -> {
                    SQSBatchResponse response = relay.handleRequest(event, context);
                    failed.addAndGet(response.getBatchItemFailures().size());
                    handledAt.compareAndSet(0, micros());
                    handled.countDown();
                    return response;
                };
                EventSourcePoller poller = EventSourcePoller.builder().sqsClient(sqs)
                        .queueUrl(System.getenv("SQS_QUEUE_URL")).queueArn(System.getenv("B3_QUEUE_ARN"))
                        .handler(observed).maxConcurrency(1).waitTimeSeconds(1).build().start();
                ready = micros();
                if (!handled.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no record within 60 s");
                }
                first = handledAt.get();
                failures = (int) failed.get();
                Memory memory = Memory.measure();
                poller.stop(Duration.ofSeconds(10)); // lets the worker delete the record
                report(main, ready, first, second, failures, memory);
            }
            default -> throw new IllegalArgumentException("mode must be lambda or poller: " + mode);
        }
        // OkHttp's and the SDK's pool threads would keep the JVM alive for a while; the measurement is done.
        System.exit(0);
    }

    private static void report(long main, long ready, long first, long second, int failures, Memory memory) {
        Instant jvm = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        System.out.printf("%s jvmStart=%d main=%d ready=%d first=%d second=%d failures=%d heap=%d rss=%d classes=%d%n",
                PREFIX, jvm.getEpochSecond() * 1_000_000L + jvm.getNano() / 1_000, main, ready, first, second,
                failures, memory.heapUsed(), memory.rss(), memory.classes());
        System.out.flush();
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static SQSEvent event(String channel, int n) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(UUID.randomUUID().toString());
        record.setReceiptHandle("b3-probe-" + n);
        record.setBody("{\"channel\":\"" + channel + "\",\"title\":\"Cold start probe\",\"body\":\"record " + n
                + "\\nsent by the B3 benchmark\"}");
        record.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", channel,
                "SentTimestamp", Long.toString(System.currentTimeMillis()), "MessageDeduplicationId", "b3-" + n));
        record.setMessageAttributes(Map.of());
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(System.getenv("B3_QUEUE_ARN"));
        record.setAwsRegion(System.getenv("AWS_REGION"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        return event;
    }

    /** Heap in use after a full collection, resident set size and loaded classes. */
    private record Memory(long heapUsed, long rss, long classes) {
        static Memory measure() {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
            return new Memory(heap, readRss(), classes);
        }

        private static long readRss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: reported as -1
            }
            return -1;
        }
    }
}
