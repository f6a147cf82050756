package dev.slackrelay.queue;

/**
 * The names of the optional SQS message attributes a producer puts on a relay message (wire format, "SQS
 * envelope"). The relay carries both onto a dead letter.
 */
public final class MessageAttributes {

    /** Free text naming the producer, e.g. the batch job. */
    public static final String PRODUCER = "producer";

    /** W3C trace context of the producer's span. */
    public static final String TRACEPARENT = "traceparent";

    private MessageAttributes() {
    }
}
