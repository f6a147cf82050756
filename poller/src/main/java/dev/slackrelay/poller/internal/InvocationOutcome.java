package dev.slackrelay.poller.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

/**
 * What one handler invocation means for its batch, decided the way Lambda's SQS event source decides it. Immutable.
 */
public sealed interface InvocationOutcome {

    /** The handler returned in time; delete {@code toDelete}, leave the {@code failed} ids for redelivery. */
    record Completed(List<SQSMessage> toDelete, Set<String> failed) implements InvocationOutcome {
    }

    /** The handler threw: the whole batch is left for redelivery. */
    record Crashed(Throwable error) implements InvocationOutcome {
    }

    /** The handler outlived the function timeout: Lambda would have killed it, so nothing is deleted. */
    record TimedOut(Duration elapsed) implements InvocationOutcome {
    }

    /** The response named an item that is not in the batch (or none): Lambda fails the whole batch. */
    record InvalidResponse(String reason) implements InvocationOutcome {
    }
}
