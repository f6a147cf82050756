package dev.slackrelay.ingest;

import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An ingest handler on fresh queues of ElasticMQ (main and urgent), through the real publisher and SDK client, with
 * two tokens and two hooks (one defusing broadcasts, one allowing them).
 */
final class IngestFixture implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789";
    static final String OTHER_TOKEN = "second-token-abcdefghij";
    static final String HOOK = "hook_0123456789abcdefghij";
    static final String HOOK_CHANNEL = "C0HOOK";
    static final String LOUD_HOOK = "loud-0123456789ABCDEFGHIJ";
    static final String LOUD_CHANNEL = "C0LOUD";

    private final LocalSqs sqs;
    final String queueUrl;
    final String urgentQueueUrl;
    final SlackRelayPublisher publisher;
    final IngestHandler handler;

    IngestFixture(LocalSqs sqs) {
        this.sqs = sqs;
        this.queueUrl = sqs.createFifoQueue();
        this.urgentQueueUrl = sqs.createFifoQueue();
        this.publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).urgentQueueUrl(urgentQueueUrl)
                .sqsClient(sqs.client()).build();
        this.handler = IngestHandler.create(credentials(), publisher);
    }

    static IngestCredentials credentials() {
        return new IngestCredentials(List.of(TOKEN, OTHER_TOKEN), Map.of(HOOK, HookTarget.of(HOOK_CHANNEL),
                LOUD_HOOK, new HookTarget(LOUD_CHANNEL, true)));
    }

    /** A request with the given headers (name, value, name, value, …). */
    static IngestRequest request(String method, String path, byte[] body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new IngestRequest(method, path, map, body);
    }

    IngestResponse handle(String method, String path, String body, String... headers) {
        return handler.handle(request(method, path, body.getBytes(StandardCharsets.UTF_8), headers));
    }

    /** POST /v1/messages as JSON with {@link #TOKEN}. */
    IngestResponse postMessages(String json, String... moreHeaders) {
        String[] headers = new String[moreHeaders.length + 4];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + TOKEN;
        headers[2] = "Content-Type";
        headers[3] = "application/json";
        System.arraycopy(moreHeaders, 0, headers, 4, moreHeaders.length);
        return handle("POST", "/v1/messages", json, headers);
    }

    /** Receives and deletes everything on the main queue, in FIFO order. */
    List<Message> drain() {
        return sqs.drain(queueUrl);
    }

    List<Message> drainUrgent() {
        return sqs.drain(urgentQueueUrl);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
