package dev.slackrelay.relay.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackErrorsTest {

    @ParameterizedTest(name = "HTTP {0} error={1} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            429, -,                   7,  RateLimited
            200, ratelimited,         -,  RateLimited
            500, -,                   -,  Transient
            503, -,                   -,  Transient
            200, internal_error,      -,  Transient
            200, service_unavailable, -,  Transient
            200, fatal_error,         -,  Transient
            200, channel_not_found,   -,  Permanent
            200, not_in_channel,      -,  Permanent
            200, is_archived,         -,  Permanent
            200, invalid_blocks,      -,  Permanent
            200, msg_too_long,        -,  Permanent
            200, msg_blocks_too_long, -,  Permanent
            200, no_text,             -,  Permanent
            200, some_new_error,      -,  Permanent
            200, invalid_auth,        -,  ConfigurationError
            200, token_revoked,       -,  ConfigurationError
            200, missing_scope,       -,  ConfigurationError
            200, not_authed,          -,  ConfigurationError
            404, -,                   -,  ConfigurationError
            """)
    void classifiesWebApiAnswers(int status, String error, String retryAfter, String expected) {
        SlackOutcome outcome = SlackErrors.webApi(status, error, retryAfter, Duration.ZERO);

        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "webhook HTTP {0} {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            200, ok,                  Delivered
            429, rate_limited,        RateLimited
            500, -,                   Transient
            502, <html>bad</html>,    Transient
            400, invalid_payload,     Permanent
            400, no_text,             Permanent
            403, action_prohibited,   Permanent
            404, channel_not_found,   Permanent
            404, no_service,          Permanent
            410, channel_is_archived, Permanent
            403, invalid_token,       ConfigurationError
            """)
    void classifiesWebhookAnswers(int status, String body, String expected) {
        SlackOutcome outcome = SlackErrors.webhook(status, body, null, Duration.ZERO, 0L);

        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Retry-After {0} -> {1}s")
    @CsvSource(nullValues = "-", textBlock = """
            2,     2
            30,    30
            -,     1
            0,     1
            soon,  1
            99999, 900
            """)
    void readsRetryAfterAsWholeSecondsWithinBounds(String header, long seconds) {
        assertThat(SlackErrors.retryAfter(header)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            'failed https://hooks.slack.com/services/T1/B2/secret now', 'failed <url> now'
            'token xoxb-123-456-abc leaked',                             'token <token> leaked'
            """)
    void redactsUrlsAndTokens(String text, String expected) {
        assertThat(Redaction.redact(text)).isEqualTo(expected);
    }
}
