package dev.slackrelay.benchmarks.publish;

import dev.slackrelay.benchmarks.CommonOptions;
import dev.slackrelay.benchmarks.report.Latencies;
import dev.slackrelay.benchmarks.report.Machine;
import dev.slackrelay.benchmarks.report.Report;
import dev.slackrelay.benchmarks.report.Table;
import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.publisher.PublishOptions;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * B2 — publisher: many concurrent simulated batch tasks (virtual threads) queue messages on embedded SQS through one
 * shared {@link SlackRelayPublisher}, compared in the same run with plain {@code SendMessage} calls. A picocli
 * command: not thread-safe, run once.
 */
@Command(name = "b2", mixinStandardHelpOptions = true,
        description = "B2 — publisher throughput, SQS requests per message, latency, loss and deduplication.")
public final class PublisherBenchmark implements Callable<Integer> {

    /** How the messages are sent. */
    enum Variant {
        PUBLISH("`publisher.publish`", "each task: one `publish(message, idempotencyKey)` per message"),
        PUBLISH_ALL("`publisher.publishAll`", "each task: one `publishAll` of its messages (one per channel)"),
        SEND_MESSAGE("`SqsClient.sendMessage`", "each task: one plain `SendMessage` per message, hand-made JSON,"
                + " no validation"),
        SEND_MESSAGE_LOOP("`sendMessage` loop", "one thread: a loop of plain `SendMessage` calls, one per message");

        final String label;
        final String description;

        Variant(String label, String description) {
            this.label = label;
            this.description = description;
        }

        boolean concurrent() {
            return this != SEND_MESSAGE_LOOP;
        }
    }

    /**
     * What one variant did.
     *
     * @param messages    messages it had to queue
     * @param sent        messages the calls reported as queued
     * @param errors      calls that threw or reported a message as not queued
     * @param seconds     wall time from the first call to the last answer
     * @param requests    HTTP requests transmitted, by SQS operation
     * @param calls       timed calls (latencies)
     * @param p50Millis   median call latency
     * @param p99Millis   99th percentile call latency
     * @param onQueue     messages on the queue afterwards
     * @param retried     messages published a second time with the same idempotency key
     * @param afterRetry  messages on the queue after the retries
     */
    record VariantResult(Variant variant, long messages, long sent, long errors, double seconds,
                         Map<String, Long> requests, int calls, double p50Millis, double p99Millis, long onQueue,
                         long retried, long afterRetry) {

        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Mixin
    CommonOptions common;

    @Option(names = "--tasks", description = "Simulated batch tasks (default 5000; 500 with --quick).")
    Integer tasks;

    @Option(names = "--channels", defaultValue = "5",
            description = "Channels; every task sends one message to each (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--retry-every", defaultValue = "10",
            description = "Every N-th task publishes all its messages again with the same idempotency keys"
                    + " (default ${DEFAULT-VALUE}).")
    int retryEvery;

    @Option(names = "--rounds", description = "Measured rounds of every variant (default 3; 1 with --quick).")
    Integer rounds;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT",
            description = "Variants to run, in this order (default: all): ${COMPLETION-CANDIDATES}.")
    List<Variant> variants = List.of(Variant.values());

    @Override
    public Integer call() throws Exception {
        // Before any HTTP connection exists: let the JDK keep more than its default 5 idle connections per host, so
        // thousands of concurrent calls reuse sockets instead of exhausting loopback ports; and let ElasticMQ accept
        // them. Both are the harness's limits, not the publisher's.
        System.setProperty("http.maxConnections", "512");
        System.setProperty("pekko.http.server.max-connections", "8192");
        System.setProperty("pekko.http.server.backlog", "4096");
        Machine machine = Machine.describe();
        int taskCount = tasks != null ? tasks : common.quick() ? 500 : 5000;
        List<String> channelIds = IntStream.rangeClosed(1, channels).mapToObj(i -> "C0PUB%02d".formatted(i)).toList();

        long started = System.nanoTime();
        int roundCount = rounds != null ? rounds : common.quick() ? 1 : 3;
        // The JVM (JIT of the SDK, ElasticMQ and the publisher) keeps getting faster for tens of thousands of
        // calls; a full-size warm-up of every concurrent variant keeps that out of the first measured variant.
        System.err.printf(Locale.ROOT, "B2 warm-up: %d tasks per concurrent variant%n", taskCount);
        for (Variant variant : variants) {
            if (variant.concurrent()) {
                run(variant, taskCount, channelIds);
            }
        }
        List<VariantResult> results = new ArrayList<>();
        for (int round = 0; round < roundCount; round++) {
            for (int i = 0; i < variants.size(); i++) {
                // each round starts with a different variant, so none always runs first or last
                Variant variant = variants.get((i + round) % variants.size());
                System.err.printf(Locale.ROOT, "B2 round %d/%d, %s: %d tasks × %d messages...%n", round + 1,
                        roundCount, variant.label, taskCount, channelIds.size());
                VariantResult result = run(variant, taskCount, channelIds);
                System.err.printf(Locale.ROOT, "B2 %s: %.1f s, %d errors%n", variant.label, result.seconds(),
                        result.errors());
                results.add(result);
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;

        Report report = report(machine, results, taskCount, channelIds.size(), roundCount, minutes);
        report.endOfRun().print(System.out);
        Path file = common.file("b2", ".md");
        report.write(file);
        System.err.println("B2 written to " + file);
        return 0;
    }

    private VariantResult run(Variant variant, int taskCount, List<String> channelIds) throws Exception {
        RequestCounter counter = new RequestCounter();
        try (EmbeddedSqs sqs = EmbeddedSqs.builder().build().start();
             SqsClient client = client(sqs, counter);
             // no producer attribute: the plain SendMessage variants send none either
             SlackRelayPublisher publisher = SlackRelayPublisher.builder().queueUrl(sqs.queueUrl()).sqsClient(client)
                     .build()) {
            int messages = taskCount * channelIds.size();
            Latencies latencies = new Latencies(messages);
            LongAdder sent = new LongAdder();
            LongAdder errors = new LongAdder();
            Tasks work = new Tasks(variant, channelIds, publisher, client, sqs.queueUrl(), latencies, sent, errors);

            long start = System.nanoTime();
            work.runAll(taskCount, t -> true);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> requests = counter.counts();
            long onQueue = onQueue(sqs);

            // A task that failed half-way runs again with the same idempotency keys: SQS must queue nothing new.
            Tasks retry = new Tasks(variant, channelIds, publisher, client, sqs.queueUrl(), new Latencies(messages),
                    new LongAdder(), new LongAdder());
            long retried = (long) retry.runAll(taskCount, t -> t % retryEvery == 0) * channelIds.size();
            long afterRetry = onQueue(sqs);
            return new VariantResult(variant, messages, sent.sum(), errors.sum(), seconds, requests,
                    latencies.count(), latencies.percentileMillis(50), latencies.percentileMillis(99), onQueue,
                    retried, afterRetry);
        }
    }

    private static SqsClient client(EmbeddedSqs sqs, RequestCounter counter) {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(sqs.endpoint())
                .region(Region.of(sqs.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                // what the publisher's own client uses (RetryMode.STANDARD), so retries are counted like in use
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).addExecutionInterceptor(counter))
                .build();
    }

    private static long onQueue(EmbeddedSqs sqs) {
        return sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.queueUrl()).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
    }

    /** The simulated batch tasks of one variant. */
    private record Tasks(Variant variant, List<String> channels, SlackRelayPublisher publisher, SqsClient client,
                         String queueUrl, Latencies latencies, LongAdder sent, LongAdder errors) {

        /** Runs the selected tasks (all at once, or one after another for the loop); returns how many ran. */
        int runAll(int taskCount, IntPredicate selected) {
            int[] chosen = IntStream.range(0, taskCount).filter(selected).toArray();
            if (!variant.concurrent()) {
                for (int task : chosen) {
                    runTask(task);
                }
                return chosen.length;
            }
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int task : chosen) {
                    executor.submit(() -> runTask(task));
                }
            }
            return chosen.length;
        }

        private void runTask(int task) {
            switch (variant) {
                case PUBLISH -> {
                    for (String channel : channels) {
                        timed(() -> publisher.publish(message(task, channel), key(task, channel)), 1);
                    }
                }
                case PUBLISH_ALL -> {
                    List<SlackMessage> messages = channels.stream().map(c -> message(task, c)).toList();
                    List<PublishOptions> options = channels.stream()
                            .map(c -> PublishOptions.withIdempotencyKey(key(task, c))).toList();
                    long start = System.nanoTime();
                    try {
                        List<PublishResult> results = publisher.publishAll(messages, options);
                        latencies.record(System.nanoTime() - start);
                        for (PublishResult result : results) {
                            if (result.isSent()) {
                                sent.increment();
                            } else {
                                errors.increment();
                            }
                        }
                    } catch (RuntimeException e) {
                        errors.add(messages.size());
                    }
                }
                case SEND_MESSAGE, SEND_MESSAGE_LOOP -> {
                    for (String channel : channels) {
                        timed(() -> client.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(channel)
                                .messageDeduplicationId(key(task, channel)).messageBody(json(task, channel))), 1);
                    }
                }
            }
        }

        private void timed(Runnable call, int messages) {
            long start = System.nanoTime();
            try {
                call.run();
                latencies.record(System.nanoTime() - start);
                sent.add(messages);
            } catch (RuntimeException e) {
                errors.add(messages);
            }
        }

        private static SlackMessage message(int task, String channel) {
            return SlackMessage.builder(channel).title("Task " + task + " finished")
                    .body("task " + task + " processed 42 files\nduration 3m12s").build();
        }

        /** What a producer without the library sends: hand-made JSON of the same message. */
        private static String json(int task, String channel) {
            return "{\"channel\":\"" + channel + "\",\"title\":\"Task " + task + " finished\",\"body\":\"task " + task
                    + " processed 42 files\\nduration 3m12s\"}";
        }

        private static String key(int task, String channel) {
            return "task-" + task + "-" + channel;
        }
    }

    private Report report(Machine machine, List<VariantResult> results, int taskCount, int channelCount,
                          int roundCount, double minutes) {
        Report report = new Report("B2 — publisher", common.command("b2"), machine);
        report.paragraph(String.format(Locale.ROOT, "%,d simulated batch tasks (virtual threads, all started at "
                        + "once) each queue one message to each of %d channels: %,d messages on embedded SQS "
                        + "(ElasticMQ, FIFO, in the same JVM). One shared SQS client per variant, with an SDK "
                        + "execution interceptor counting every HTTP request transmitted (retries included). A fresh "
                        + "queue for every variant and round; one full-size warm-up of every concurrent variant, then "
                        + "%d measured round(s), each starting with a different variant. Benchmark wall time %.1f min.",
                taskCount, channelCount, (long) taskCount * channelCount, roundCount, minutes));
        report.bullets(variants.stream().map(v -> v.label + ": " + v.description).toList());
        Table table = Table.of("variant", "messages", "messages/s (median)", "messages/s (range)", "requests/msg",
                "calls", "p50 ms/call", "p99 ms/call", "errors", "lost");
        for (Variant variant : variants) {
            List<VariantResult> runs = results.stream().filter(r -> r.variant() == variant).toList();
            VariantResult any = runs.getFirst();
            double[] rates = runs.stream().mapToDouble(r -> r.sent() / r.seconds()).sorted().toArray();
            table.row(variant.label, Table.count(any.messages()), Table.count(Math.round(median(rates))),
                    Table.count(Math.round(rates[0])) + "–" + Table.count(Math.round(rates[rates.length - 1])),
                    Table.num(median(runs.stream().mapToDouble(r -> (double) r.totalRequests() / r.messages())), 3),
                    Table.count(any.calls()),
                    Table.num(median(runs.stream().mapToDouble(VariantResult::p50Millis)), 1),
                    Table.num(median(runs.stream().mapToDouble(VariantResult::p99Millis)), 1),
                    runs.stream().mapToLong(VariantResult::errors).sum(),
                    runs.stream().mapToLong(r -> r.messages() - r.onQueue()).sum());
        }
        report.table(table);
        report.paragraph("Latencies are per call (a `publishAll` call carries " + channelCount + " messages) and "
                + "include waiting behind thousands of concurrent calls on 2 cores; the loop has no such wait. "
                + "*errors* and *lost* are summed over the rounds; *lost* = messages − messages on the queue "
                + "afterwards (`ApproximateNumberOfMessages` + `…NotVisible` + `…Delayed`, exact on ElasticMQ). "
                + "Requests by operation (first round): " + String.join("; ", variants.stream()
                .map(v -> v.label + " " + results.stream().filter(r -> r.variant() == v).findFirst().orElseThrow()
                        .requests()).toList()) + ".");

        report.heading("Every round");
        Table every = Table.of("variant", "seconds", "messages/s", "SQS requests", "p50 ms/call", "p99 ms/call",
                "errors", "on queue");
        for (VariantResult r : results) {
            every.row(r.variant().label, Table.num(r.seconds(), 1), Table.count(Math.round(r.sent() / r.seconds())),
                    Table.count(r.totalRequests()), Table.num(r.p50Millis(), 1), Table.num(r.p99Millis(), 1),
                    r.errors(), Table.count(r.onQueue()));
        }
        report.table(every);

        report.heading("Duplicates: tasks that retry with the same idempotency key");
        Table dedup = Table.of("variant (first round)", "retrying tasks", "messages published again",
                "on queue before", "on queue after", "duplicates queued");
        for (VariantResult r : results.subList(0, variants.size())) {
            dedup.row(r.variant().label, Table.count(r.retried() / channelCount), Table.count(r.retried()),
                    Table.count(r.onQueue()), Table.count(r.afterRetry()), Table.count(r.afterRetry() - r.onQueue()));
        }
        report.table(dedup);
        report.paragraph("Every " + retryEvery + "th task publishes all its messages a second time with the same "
                + "idempotency keys (the SQS `MessageDeduplicationId`), as a task restarted after a crash would, "
                + "within SQS's 5-minute deduplication window; *duplicates queued* shows whether ElasticMQ honoured "
                + "the `MessageDeduplicationId` and queued nothing new.");
        report.paragraph("Duplicates queued over all rounds and variants: " + results.stream()
                .mapToLong(r -> r.afterRetry() - r.onQueue()).sum() + ".");
        report.bullets(List.of(
                "Harness limits, not the publisher's: the JDK keeps at most `http.maxConnections` = 512 idle "
                        + "connections per host (default 5) and ElasticMQ's HTTP server accepts up to 8192 "
                        + "connections, so thousands of simultaneous calls do not exhaust loopback ports.",
                "Producer, queue and their HTTP stacks share the same 2 cores: absolute rates are the machine's, the "
                        + "comparison between variants is the point. Real SQS adds network latency per call, which "
                        + "favours fewer requests per message (`publishAll`) even more."));
        return report;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double median(DoubleStream values) {
        return median(values.sorted().toArray());
    }
}
