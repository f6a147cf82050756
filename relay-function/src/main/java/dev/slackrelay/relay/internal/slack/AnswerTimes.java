package dev.slackrelay.relay.internal.slack;

import dev.slackrelay.relay.RelayClock;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Records, per thread, when the current call's answer began to arrive. Slack counts a post when the request
 * arrives, which is some time between sending it and the answer; only the answer proves it has arrived, so the
 * channel interval is measured from there: then no two posts to a channel can arrive closer than the interval,
 * whatever the network or a cold connection does. Synchronous OkHttp calls report their events on the calling
 * thread, which is what makes a thread-local right here.
 */
final class AnswerTimes extends EventListener {

    private static final ThreadLocal<Long> ANSWERED = new ThreadLocal<>();

    private final RelayClock clock;

    private AnswerTimes(RelayClock clock) {
        this.clock = clock;
    }

    /** Listeners that read {@code clock}'s monotonic time. */
    static EventListener.Factory factory(RelayClock clock) {
        return call -> new AnswerTimes(clock);
    }

    @Override
    public void responseHeadersStart(Call call) {
        ANSWERED.set(clock.nanoTime());
    }

    /** Forgets the previous call's time; call before each post. */
    static void clear() {
        ANSWERED.remove();
    }

    /** When the last call on this thread began to receive its answer, or {@code fallback} if it never did. */
    static long answeredOr(long fallback) {
        Long answered = ANSWERED.get();
        return answered == null ? fallback : answered;
    }
}
