package dev.slackrelay.ingest.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.slackrelay.ingest.HookTarget;
import dev.slackrelay.ingest.IngestCredentials;
import dev.slackrelay.ingest.IngestHandler;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.LocalSqs;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The Lambda host on the sample API Gateway HTTP API events of {@code events/} (those of {@code sam local invoke}). */
class IngestFunctionTest {

    @RegisterExtension
    static final LocalSqs SQS = new LocalSqs();

    /** The token and hook ID of the sample events. */
    private static final IngestCredentials SAMPLE = new IngestCredentials(List.of("example-token-0123456789"),
            Map.of("T0EXAMPLE_hook_id_0123456789", HookTarget.of("C0ALERTS")));

    private String queueUrl;
    private SlackRelayPublisher publisher;
    private IngestFunction function;

    @BeforeEach
    void start() {
        queueUrl = SQS.createFifoQueue();
        publisher = SlackRelayPublisher.builder().queueUrl(queueUrl).sqsClient(SQS.client()).build();
        function = new IngestFunction(IngestHandler.create(SAMPLE, publisher));
    }

    @AfterEach
    void stop() {
        publisher.close();
    }

    @Test
    void queuesTheMessagesOfAJsonEventAndAnswers202() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/http-api-messages.json");

        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(response.getBody()).isEqualTo("{\"ok\":true,\"messages\":[{\"id\":\"nightly-export-2026-11-29/0\"},"
                + "{\"id\":\"nightly-export-2026-11-29/1\"}]}");
        assertThat(SQS.drain(queueUrl)).extracting(m -> WireFormat.decode(m.body()).body())
                .containsExactly("42 files", "Nightly export: checksums verified");
    }

    @Test
    void decodesABase64FormEventForAHookAndAnswersOk() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/http-api-hook.json");
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("ok");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(SQS.drain(queueUrl)).singleElement().satisfies(m -> {
            assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "C0ALERTS");
            SlackMessage message = WireFormat.decode(m.body());
            assertThat(message.text()).isEqualTo("Disk usage on *db-1* is at 91% &lt;!here>");
            assertThat(message.username()).isEqualTo("grafana");
        });
    }

    @Test
    void passesResponseHeadersAndStripsANamedStageFromThePath() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/http-api-messages.json");
        event.setRawPath("/prod/v1/messages");
        event.getRequestContext().setStage("prod");
        event.getHeaders().remove("authorization");

        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);

        assertThat(response.getStatusCode()).as("routed, then refused for want of a token").isEqualTo(401);
        assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(SQS.drain(queueUrl)).isEmpty();
    }
}
