package dev.slackrelay.relay.internal.slack;

import dev.slackrelay.relay.RelayClock;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;

/**
 * Records, per thread, when the current call's request had left: its last byte written to the connection, after any
 * connection set-up. Slack counts a post when the request arrives, a network transit after this moment and long
 * before its answer (Slack takes 150-500 ms to answer), so the channel interval is measured from here: the time
 * Slack takes to answer then overlaps the interval instead of adding to it. Synchronous OkHttp calls report their
 * events on the calling thread, which is what makes a thread-local right here.
 */
final class SendTimes extends EventListener {

    private static final ThreadLocal<Long> SENT = new ThreadLocal<>();

    private final RelayClock clock;

    private SendTimes(RelayClock clock) {
        this.clock = clock;
    }

    /** Listeners that read {@code clock}'s monotonic time. */
    static EventListener.Factory factory(RelayClock clock) {
        return call -> new SendTimes(clock);
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
        SENT.set(clock.nanoTime());
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
        SENT.set(clock.nanoTime());
    }

    /** Forgets the previous call's time; call before each post. */
    static void clear() {
        SENT.remove();
    }

    /** When the last call on this thread had sent its request, or {@code fallback} if it never did. */
    static long sentOr(long fallback) {
        Long sent = SENT.get();
        return sent == null ? fallback : sent;
    }
}
