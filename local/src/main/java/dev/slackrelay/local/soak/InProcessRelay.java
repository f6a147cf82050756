package dev.slackrelay.local.soak;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import dev.slackrelay.local.sqs.EmbeddedSqs;
import dev.slackrelay.poller.EventSourcePoller;
import dev.slackrelay.relay.Relay;
import dev.slackrelay.relay.RelayConfig;
import dev.slackrelay.relay.RelayHandler;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The Lambda handler behind the event-source emulator, in this JVM. Not thread-safe: start and close once. */
final class InProcessRelay implements RelayHost {

    private final RelayConfig config;
    private final EmbeddedSqs sqs;
    private final int concurrency;
    private final DeliveryLogRecorder log;
    private SqsClient client;
    private Relay relay;
    private EventSourcePoller poller;

    InProcessRelay(RelayConfig config, EmbeddedSqs sqs, int concurrency, DeliveryLogRecorder log) {
        this.config = Objects.requireNonNull(config, "config");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.concurrency = concurrency;
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void start() {
        PrintStream out = new PrintStream(log.lines(), true, StandardCharsets.UTF_8);
        client = sqs.newClient();
        relay = Relay.create(config, client, out);
        // Short long polls: stopping waits idle ones out, and the embedded queue goes away with the poller anyway.
        poller = EventSourcePoller.builder().sqsClient(client).queueUrl(sqs.queueUrl()).queueArn(sqs.queueArn())
                .handler(new RelayHandler(relay)).maxConcurrency(concurrency).waitTimeSeconds(1).build().start();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.stop(config.slackTimeout().plus(config.channelInterval()).plusSeconds(5));
        }
        if (relay != null) {
            relay.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
