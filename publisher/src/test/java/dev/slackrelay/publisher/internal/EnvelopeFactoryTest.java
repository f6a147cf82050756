package dev.slackrelay.publisher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.PublishOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeFactoryTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void countsBodyAndAttributesInUtf8AsSqsDoes() {
        SlackMessage message = SlackMessage.builder("C1").body("héllo 👋").build();

        Envelope envelope = new EnvelopeFactory("täsk").prepare(3, message,
                PublishOptions.builder().traceparent(TRACEPARENT).build());

        long expected = WireFormat.encode(message).getBytes(StandardCharsets.UTF_8).length
                + "producer".length() + "String".length() + "täsk".getBytes(StandardCharsets.UTF_8).length
                + "traceparent".length() + "String".length() + TRACEPARENT.length();
        assertThat(envelope.size()).isEqualTo(expected);
        assertThat(envelope.entryId()).isEqualTo("3");
        assertThat(envelope.groupId()).isEqualTo("C1");
    }

    @Test
    void namesEveryProblemAtOnce() {
        SlackMessage message = SlackMessage.builder("C1").build();

        assertThatThrownBy(() -> new EnvelopeFactory(null).prepare(0, message,
                new PublishOptions("with space", "nope")))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("(body)", "idempotencyKey", "traceparent"));
    }

    @Test
    void rejectsCharactersSqsRefuses() {
        SlackMessage message = SlackMessage.builder("C1").body("odd \uFFFF char").build();

        assertThatThrownBy(() -> new EnvelopeFactory(null).prepare(0, message, null))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.field()).isEqualTo("(body)");
                    assertThat(e.getMessage()).contains("U+FFFF");
                });
    }

    @Test
    void keepsTheIdempotencyKeyAsDeduplicationIdAndOtherwiseDrawsAUuid() {
        SlackMessage message = SlackMessage.builder("C1").body("x").build();
        EnvelopeFactory factory = new EnvelopeFactory(null);

        assertThat(factory.prepare(0, message, PublishOptions.withIdempotencyKey("k-1")).deduplicationId())
                .isEqualTo("k-1");
        assertThat(factory.prepare(0, message, null).deduplicationId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isNotEqualTo(factory.prepare(0, message, null).deduplicationId());
    }
}
