package dev.slackrelay.benchmarks.overhead;

import dev.slackrelay.model.MessageValidator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.render.RenderedMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * B4's JMH benchmarks: what the relay spends on one queued message before and after the Slack call, for a small
 * message and one with a 10,000-character body. {@link #relayPath()} is the relay's own sequence; the others
 * isolate its steps. Run through {@link OverheadBenchmark} ({@code b4}). JMH state shared by the benchmark's
 * (single) thread; the code under test is stateless and thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessagePipelineBenchmark {

    /** {@code small}: a typical notification; {@code large}: a 10,000-character body of 100-character lines. */
    @Param({"small", "large"})
    public String size;

    private String body;
    private SlackMessage decoded;

    /** The queue message body of a size. */
    static String json(String size) {
        SlackMessage.Builder message = SlackMessage.builder("C0123456789").title("Nightly export finished");
        if (size.equals("large")) {
            message.body(largeBody()).extraBlock(
                    "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"build 1234\"}]}");
        } else {
            message.body("42 tasks, 0 failures\nduration 3m12s");
        }
        return WireFormat.encode(message.build());
    }

    /** 100 lines of 100 characters (99 + line break): a log excerpt with characters that need escaping. */
    private static String largeBody() {
        StringBuilder b = new StringBuilder(10_000);
        for (int line = 0; b.length() < 10_000; line++) {
            String text = String.format("%04d WARN task <export> & retry: file part-%05d.csv took %d ms ", line, line,
                    100 + line);
            b.append(text.repeat(3), 0, 99).append('\n');
        }
        return b.substring(0, 10_000);
    }

    @Setup
    public void setUp() {
        body = json(size);
        decoded = WireFormat.decode(body);
    }

    /** JSON → {@link SlackMessage}. */
    @Benchmark
    public SlackMessage decode() {
        return WireFormat.decode(body);
    }

    /** Slack's limits and the field rules. */
    @Benchmark
    public SlackMessage validate() {
        return MessageValidator.validate(decoded);
    }

    /** Block Kit layout, escaping, splitting and truncation (validates first, as the renderer always does). */
    @Benchmark
    public RenderedMessage render() {
        return BlockKitRenderer.render(decoded);
    }

    /**
     * What the relay does per message around the post: decode, validate and render, then serialise the blocks for
     * {@code chat.postMessage}.
     */
    @Benchmark
    public String relayPath() {
        return BlockKitRenderer.render(WireFormat.decode(body)).blocksJson();
    }
}
