package dev.slackrelay.benchmarks.publish;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests an SQS client really transmits, retries included, per operation: installed on the
 * client as an SDK execution interceptor, so nothing the publisher does can hide a request from it. Thread-safe.
 */
final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        byOperation.computeIfAbsent(operation == null ? "?" : operation, o -> new LongAdder()).increment();
    }

    /** Operation name → requests transmitted so far. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        byOperation.forEach((operation, count) -> out.put(operation, count.sum()));
        return out;
    }

    long total() {
        return byOperation.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void reset() {
        byOperation.clear();
    }
}
