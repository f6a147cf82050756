package dev.slackrelay.benchmarks.ingest;

import dev.slackrelay.benchmarks.report.Latencies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load phase of B7: {@code clients} threads, each with a request in flight at all times, POST to
 * {@code /v1/messages} over one shared keep-alive {@link HttpClient} for a fixed time. Every request's latency is
 * recorded and every message ID a 202 returned is kept for the reconciliation with the queue. Run once.
 */
final class LoadPhase {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * What a phase measured.
     *
     * @param label     the phase's name
     * @param clients   concurrent clients
     * @param perRequest messages per request
     * @param seconds   how long it ran
     * @param requests  requests answered 202
     * @param errors    requests answered otherwise or failed, by status ({@code -1}: an exception)
     * @param latencies the 202s' latencies
     * @param ids       every message ID the 202s returned
     * @param cpuSeconds CPU time this JVM (clients, server, ElasticMQ) used meanwhile, all threads
     */
    record Result(String label, int clients, int perRequest, double seconds, long requests, Map<Integer, Long> errors,
                  Latencies latencies, List<String> ids, double cpuSeconds) {

        /** CPU milliseconds per answered request, everything in this JVM included. */
        double cpuMillisPerRequest() {
            return requests == 0 ? Double.NaN : cpuSeconds * 1000 / requests;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }

        double messagesPerSecond() {
            return (double) ids.size() / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final HttpClient http;
    private final URI url;
    private final String token;

    LoadPhase(HttpClient http, URI url, String token) {
        this.http = http;
        this.url = url;
        this.token = token;
    }

    /**
     * Runs the phase.
     *
     * @param body the body of a client's n-th request: {@code body.apply(client * 1_000_000 + n)}
     */
    Result run(String label, int clients, int perRequest, Duration duration, IntFunction<String> body)
            throws InterruptedException {
        Latencies latencies = new Latencies(4_000_000);
        LongAdder accepted = new LongAdder();
        Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
        List<List<String>> idsByClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            List<String> ids = new ArrayList<>();
            idsByClient.add(ids);
            int client = c;
            threads.add(Thread.ofPlatform().name("b7-client-" + c).start(() -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                    HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.apply(client * 1_000_000 + n))).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - sent;
                        if (answer.statusCode() == 202) {
                            latencies.record(took);
                            accepted.increment();
                            Matcher m = ID.matcher(answer.body());
                            while (m.find()) {
                                ids.add(m.group(1));
                            }
                        } else {
                            errors.computeIfAbsent(answer.statusCode(), s -> new LongAdder()).increment();
                        }
                    } catch (java.io.IOException e) {
                        errors.computeIfAbsent(-1, s -> new LongAdder()).increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        List<String> ids = idsByClient.stream().flatMap(List::stream).toList();
        Map<Integer, Long> errorCounts = new java.util.TreeMap<>();
        errors.forEach((status, count) -> errorCounts.put(status, count.sum()));
        return new Result(label, clients, perRequest, seconds, accepted.sum(), errorCounts, latencies, ids,
                cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
