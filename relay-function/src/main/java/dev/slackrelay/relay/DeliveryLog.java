package dev.slackrelay.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The relay's delivery log: one JSON line per handled message that is also a CloudWatch Embedded Metric Format
 * record, so CloudWatch Logs turns it into metrics ({@code Delivered}, {@code RateLimited}, ... per {@code Service}
 * and per {@code Service}+{@code Channel}) with no API call from the function. Never contains a token or webhook URL.
 *
 * <p>The relay writes it (to standard output, or to the stream given to {@link Relay.Builder#deliveryLog}); tools
 * that watch a relay read it back with {@link #parse(String)}, fed by {@link #lineSink(Consumer)} or a process's
 * output. Thread-safe.
 */
public final class DeliveryLog {

    /** How a message left the relay; each maps to the count metric of the same meaning. */
    public enum Outcome {
        DELIVERED("delivered", "Delivered"),
        RATE_LIMITED("rate_limited", "RateLimited"),
        TRANSIENT("transient_failure", "TransientFailure"),
        DEAD_LETTERED("dead_lettered", "DeadLettered"),
        AUTH_FAILURE("auth_failure", "AuthFailure");

        private final String label;
        private final String metric;

        Outcome(String label, String metric) {
            this.label = label;
            this.metric = metric;
        }

        public String label() {
            return label;
        }

        public String metric() {
            return metric;
        }

        /** The outcome a line's {@code outcome} field names, if any. */
        public static Optional<Outcome> ofLabel(String label) {
            for (Outcome o : values()) {
                if (o.label.equals(label)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One line's content.
     *
     * @param retryInSeconds the visibility set for the next attempt, or {@code null} when none
     * @param ts             the {@code ts} Slack gave the post that carried the message, or {@code null} (not
     *                       delivered, or an incoming webhook, which answers without one)
     * @param postSize       how many messages the post that carried it held (more than 1: a digest), or
     *                       {@code null} when it was not posted
     */
    public record Entry(String messageId, String channel, Outcome outcome, int receiveCount, Long queueAgeMs,
                        Long slackLatencyMs, String slackError, String reason, Long retryInSeconds, String ts,
                        Integer postSize) {
    }

    /**
     * A line read back: what was recorded, and when.
     *
     * @param timestampMillis the EMF timestamp, epoch milliseconds
     */
    public record Recorded(Entry entry, long timestampMillis) {
    }

    private static final JsonMapper JSON = new JsonMapper();

    private final String namespace;
    private final String service;
    private final PrintStream out;
    private final InstantSource clock;

    DeliveryLog(String namespace, String service, PrintStream out, InstantSource clock) {
        this.namespace = Objects.requireNonNull(namespace);
        this.service = Objects.requireNonNull(service);
        this.out = Objects.requireNonNull(out);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Writes one line. */
    void record(Entry e) {
        out.println(toJson(e));
    }

    /**
     * Reads back one line this log wrote, for tools that watch a relay (the demo, the soak, benchmarks); empty for any
     * other line, so a process's whole output can be fed through it.
     */
    public static Optional<Recorded> parse(String line) {
        String text = line.strip();
        if (!text.startsWith("{") || !text.contains("\"outcome\"")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        Optional<Outcome> outcome = Outcome.ofLabel(node.path("outcome").asText(""));
        if (outcome.isEmpty() || !node.hasNonNull("messageId")) {
            return Optional.empty();
        }
        Entry entry = new Entry(node.get("messageId").asText(), node.path("Channel").asText("unknown"), outcome.get(),
                node.path("receiveCount").asInt(1), longOrNull(node, "QueueAge"), longOrNull(node, "SlackLatency"),
                textOrNull(node, "slackError"), textOrNull(node, "reason"), longOrNull(node, "retryInSeconds"),
                textOrNull(node, "ts"), node.hasNonNull("postSize") ? node.get("postSize").asInt() : null);
        return Optional.of(new Recorded(entry, node.path("_aws").path("Timestamp").asLong(0)));
    }

    /**
     * A stream that hands each complete line written to it to {@code onLine}: give it (in a {@link PrintStream}) to
     * {@link Relay.Builder#deliveryLog} to watch a relay in the same process, and feed the lines to
     * {@link #parse(String)}.
     */
    public static OutputStream lineSink(Consumer<String> onLine) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    onLine.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    write(bytes[i]);
                }
            }
        };
    }

    private static Long longOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    String toJson(Entry e) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("Service");
        dimensions.addArray().add("Service").add("Channel");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", e.outcome().metric()).put("Unit", "Count");
        line.put("Service", service);
        line.put("Channel", e.channel() == null ? "unknown" : e.channel());
        line.put(e.outcome().metric(), 1);
        if (e.slackLatencyMs() != null) {
            metrics.addObject().put("Name", "SlackLatency").put("Unit", "Milliseconds");
            line.put("SlackLatency", e.slackLatencyMs());
        }
        if (e.queueAgeMs() != null) {
            metrics.addObject().put("Name", "QueueAge").put("Unit", "Milliseconds");
            line.put("QueueAge", e.queueAgeMs());
        }
        line.put("level", e.outcome() == Outcome.DELIVERED ? "INFO" : "WARN");
        line.put("messageId", e.messageId());
        line.put("outcome", e.outcome().label());
        line.put("receiveCount", e.receiveCount());
        if (e.slackError() != null) {
            line.put("slackError", e.slackError());
        }
        if (e.reason() != null) {
            line.put("reason", e.reason());
        }
        if (e.retryInSeconds() != null) {
            line.put("retryInSeconds", e.retryInSeconds());
        }
        if (e.ts() != null) {
            line.put("ts", e.ts());
        }
        if (e.postSize() != null) {
            line.put("postSize", e.postSize());
        }
        return line.toString();
    }
}
