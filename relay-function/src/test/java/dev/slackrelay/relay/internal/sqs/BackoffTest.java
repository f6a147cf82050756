package dev.slackrelay.relay.internal.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(300));

    @RepeatedTest(20)
    void growsExponentiallyWithJitterAndStaysWithinTheCap() {
        assertThat(backoff.delay(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(backoff.delay(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(backoff.delay(6)).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(64));
        assertThat(backoff.delay(50)).isBetween(Duration.ofSeconds(150), Duration.ofSeconds(300));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofSeconds(300));
    }
}
