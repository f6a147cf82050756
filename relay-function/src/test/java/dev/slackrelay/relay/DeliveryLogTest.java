package dev.slackrelay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slackrelay.relay.DeliveryLog.Entry;
import dev.slackrelay.relay.DeliveryLog.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

    @Test
    void readsBackWhatItWrote() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeliveryLog log = new DeliveryLog("Ns", "svc", new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC));
        Entry written = new Entry("m-1", "C1", Outcome.RATE_LIMITED, 3, 1500L, 42L, "ratelimited", null, 7L,
                null, null);

        log.record(written);

        DeliveryLog.Recorded read = DeliveryLog.parse(out.toString(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(read.entry()).isEqualTo(written);
        assertThat(read.timestampMillis()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void readsBackTheSharedPostOfADigest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeliveryLog log = new DeliveryLog("Ns", "svc", new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC));
        Entry written = new Entry("m-2", "C1", Outcome.DELIVERED, 1, 900L, 250L, null, null, null,
                "1700000000.000100", 3);

        log.record(written);

        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).contains("\"ts\":\"1700000000.000100\"").contains("\"postSize\":3");
        assertThat(DeliveryLog.parse(line).orElseThrow().entry()).isEqualTo(written);
    }

    @Test
    void ignoresOtherLines() {
        assertThat(DeliveryLog.parse("[main] INFO slack-relay started")).isEmpty();
        assertThat(DeliveryLog.parse("{\"outcome\":\"unheard_of\",\"messageId\":\"m\"}")).isEmpty();
        assertThat(DeliveryLog.parse("{\"outcome\":")).isEmpty();
    }
}
