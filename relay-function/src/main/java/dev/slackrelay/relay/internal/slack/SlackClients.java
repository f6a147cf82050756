package dev.slackrelay.relay.internal.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import dev.slackrelay.relay.RelayClock;
import java.net.URI;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Builds the Slack SDK client the relay uses. */
public final class SlackClients {

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private SlackClients() {
    }

    /**
     * A Slack SDK client with statistics off (no background threads), timeouts that fit in the function's, and no
     * silent retries: OkHttp would otherwise resend a POST after some connection failures, when Slack may already
     * have posted it.
     *
     * @param apiUrl  Web API base URL (for emulators), or {@code null} for Slack
     * @param timeout limit for one whole call
     * @param clock   whose monotonic time says when an answer arrived
     */
    public static Slack create(URI apiUrl, Duration timeout, RelayClock clock) {
        SlackConfig config = new SlackConfig();
        config.setStatsEnabled(false);
        config.setPrettyResponseLoggingEnabled(false);
        if (apiUrl != null) {
            config.setMethodsEndpointUrlPrefix(apiUrl.toString());
        }
        OkHttpClient okHttp = SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .retryOnConnectionFailure(false)
                .eventListenerFactory(SendTimes.factory(clock))
                .build();
        return Slack.getInstance(config, new SlackHttpClient(okHttp));
    }
}
