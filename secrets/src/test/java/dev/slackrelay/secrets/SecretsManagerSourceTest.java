package dev.slackrelay.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A secret from a Secrets Manager endpoint over HTTP, with the real AWS SDK client. */
class SecretsManagerSourceTest {

    @Test
    void readsOnceAndCaches() {
        try (SecretsManagerStub stub = new SecretsManagerStub("xoxb-one")) {
            SecretsManagerSource source = new SecretsManagerSource(stub.client(), SecretsManagerStub.ARN,
                    Duration.ofSeconds(30), System::nanoTime);

            assertThat(source.get()).isEqualTo("xoxb-one");
            assertThat(source.get()).isEqualTo("xoxb-one");
            assertThat(stub.reads()).isEqualTo(1);
        }
    }

    @Test
    void refreshesAtMostOncePerInterval() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (SecretsManagerStub stub = new SecretsManagerStub("xoxb-one")) {
            SecretsManagerSource source = new SecretsManagerSource(stub.client(), SecretsManagerStub.ARN,
                    Duration.ofSeconds(30), nanos::get);
            source.get();
            stub.rotate("xoxb-two");

            assertThat(source.refresh()).as("too soon after the first read").isFalse();
            nanos.addAndGet(Duration.ofSeconds(31).toNanos());
            assertThat(source.refresh()).isTrue();
            assertThat(source.get()).isEqualTo("xoxb-two");
            nanos.addAndGet(Duration.ofSeconds(31).toNanos());
            assertThat(source.refresh()).as("unchanged").isFalse();
            assertThat(stub.reads()).isEqualTo(3);
        }
    }
}
