package dev.slackrelay.poller.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@link Context} of one poller invocation: what a handler may plan with, chiefly
 * {@link #getRemainingTimeInMillis()}, counted down from the poller's function timeout as Lambda counts it down from
 * the function's. Identity fields are the poller's; the logger writes to standard error. Thread-safe.
 */
public final class InvocationContext implements Context {

    private static final LambdaLogger STDERR = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.err.print(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId = UUID.randomUUID().toString();
    private final long deadlineNanos;
    private final int timeoutMillis;

    /** A context whose remaining time runs out {@code functionTimeout} from now. */
    public InvocationContext(Duration functionTimeout) {
        this.timeoutMillis = (int) functionTimeout.toMillis();
        this.deadlineNanos = System.nanoTime() + functionTimeout.toNanos();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return null;
    }

    @Override
    public String getLogStreamName() {
        return null;
    }

    @Override
    public String getFunctionName() {
        return "slack-relay-poller";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return null;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    @Override
    public LambdaLogger getLogger() {
        return STDERR;
    }

    /** The function timeout this context counts down from, in milliseconds. */
    public int timeoutMillis() {
        return timeoutMillis;
    }
}
