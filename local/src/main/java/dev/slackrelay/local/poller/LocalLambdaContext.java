package dev.slackrelay.local.poller;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The {@link Context} of one local invocation. Thread-safe (immutable apart from the clock). */
final class LocalLambdaContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final String functionArn;
    private final String logStreamName;
    private final int memoryLimitMb;
    private final Instant deadline;
    private final InstantSource clock;
    private final LambdaLogger logger;

    LocalLambdaContext(String functionName, String functionArn, String logStreamName, int memoryLimitMb,
                       Instant deadline, InstantSource clock, PrintStream out) {
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.logStreamName = logStreamName;
        this.memoryLimitMb = memoryLimitMb;
        this.deadline = deadline;
        this.clock = clock;
        this.logger = new PrintStreamLogger(out);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
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
    public int getRemainingTimeInMillis() {
        long remaining = deadline.toEpochMilli() - clock.millis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Like Lambda's logger, one call is one log event; here one line on the stream. */
    private record PrintStreamLogger(PrintStream out) implements LambdaLogger {
        @Override
        public void log(String message) {
            String line = message == null ? "null" : message;
            out.println(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
