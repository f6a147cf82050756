package dev.slackrelay.publisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Passes sends to a real client and records each request, so tests can count calls and see what each carried.
 * {@link #onBatch} may replace how a batch call is answered, to produce what ElasticMQ never does (partial failures).
 */
public final class RecordingSqsClient implements SqsClient {

    private final SqsClient delegate;
    private final List<SendMessageRequest> sends = new CopyOnWriteArrayList<>();
    private final List<SendMessageBatchRequest> batches = new CopyOnWriteArrayList<>();
    private volatile Function<SendMessageBatchRequest, SendMessageBatchResponse> onBatch;

    public RecordingSqsClient(SqsClient delegate) {
        this.delegate = delegate;
        this.onBatch = delegate::sendMessageBatch;
    }

    /** Answers batch calls with {@code handler}, which may forward (part of) the request to {@link #delegate()}. */
    public RecordingSqsClient onBatch(Function<SendMessageBatchRequest, SendMessageBatchResponse> handler) {
        this.onBatch = handler;
        return this;
    }

    public SqsClient delegate() {
        return delegate;
    }

    public List<SendMessageRequest> sends() {
        return List.copyOf(sends);
    }

    public List<SendMessageBatchRequest> batches() {
        return List.copyOf(batches);
    }

    public int calls() {
        return sends.size() + batches.size();
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        sends.add(request);
        return delegate.sendMessage(request);
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        batches.add(request);
        return onBatch.apply(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // the delegate belongs to the test
    }
}
