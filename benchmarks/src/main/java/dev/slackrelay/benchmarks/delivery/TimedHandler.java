package dev.slackrelay.benchmarks.delivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Wraps a handler and records how long every invocation ran: what Lambda bills. B1 and B5 wrap the relay with it.
 * Thread-safe.
 */
public final class TimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /**
     * One invocation.
     *
     * @param channel      the message group of its (first) record
     * @param receiveCount the record's {@code ApproximateReceiveCount}
     * @param nanos        how long the handler ran
     * @param threw        whether it threw
     */
    public record Invocation(String channel, int receiveCount, long nanos, boolean threw) {
    }

    private final RequestHandler<SQSEvent, SQSBatchResponse> delegate;
    private final List<Invocation> invocations = new ArrayList<>();

    public TimedHandler(RequestHandler<SQSEvent, SQSBatchResponse> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long start = System.nanoTime();
        boolean threw = true;
        try {
            SQSBatchResponse response = delegate.handleRequest(event, context);
            threw = false;
            return response;
        } finally {
            long nanos = System.nanoTime() - start;
            SQSEvent.SQSMessage first = event.getRecords().getFirst();
            Invocation invocation = new Invocation(first.getAttributes().get("MessageGroupId"),
                    Integer.parseInt(first.getAttributes().getOrDefault("ApproximateReceiveCount", "1")), nanos,
                    threw);
            synchronized (invocations) {
                invocations.add(invocation);
            }
        }
    }

    /** Every invocation so far, in the order they ended. */
    public List<Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }
}
