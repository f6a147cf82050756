package dev.slackrelay.relay.slack;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Records, per thread, when the current call began sending its request: after any DNS, TCP and TLS set-up, which
 * on a cold connection takes longer than the post itself. Slack counts a post when it arrives, so this — not the
 * start of the call — is the moment the channel interval is measured from. Synchronous OkHttp calls report their
 * events on the calling thread, which is what makes a thread-local right here.
 */
final class RequestSentTimes extends EventListener {

    private static final ThreadLocal<Long> SENT = new ThreadLocal<>();
    static final EventListener.Factory FACTORY = call -> new RequestSentTimes();

    @Override
    public void requestHeadersStart(Call call) {
        SENT.set(System.nanoTime());
    }

    /** Forgets the previous call's time; call before each post. */
    static void clear() {
        SENT.remove();
    }

    /** When the last call on this thread began sending, or {@code fallback} if it never got that far. */
    static long sentOr(long fallback) {
        Long sent = SENT.get();
        return sent == null ? fallback : sent;
    }
}
