package dev.slackrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class QueueTemplateTest {

    static QueueTemplate fixture() {
        try (InputStream in = QueueTemplateTest.class.getResourceAsStream("/fixture-template.yaml")) {
            return QueueTemplate.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void readsRelayQueueAttributesResolvingParameterDefaults() {
        QueueSpec relay = fixture().queue(QueueTemplate.RELAY_QUEUE);

        assertThat(relay.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId",
                QueueAttributeName.VISIBILITY_TIMEOUT, "180",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "0",
                QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true"));
        assertThat(relay.fifo()).isTrue();
        assertThat(relay.visibilityTimeout()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void describesTheRedrivePolicyByTargetLogicalIdAndMaxReceiveCount() {
        QueueSpec relay = fixture().queue(QueueTemplate.RELAY_QUEUE);

        assertThat(relay.hasRedrivePolicy()).isTrue();
        assertThat(relay.deadLetterTargetLogicalId()).isEqualTo(QueueTemplate.DEAD_LETTER_QUEUE);
        assertThat(relay.maxReceiveCount()).isEqualTo(100);
        assertThat(relay.attributes()).doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
    }

    @Test
    void readsDeadLetterQueueWithoutRedrivePolicy() {
        QueueSpec dlq = fixture().queue(QueueTemplate.DEAD_LETTER_QUEUE);

        assertThat(dlq.hasRedrivePolicy()).isFalse();
        assertThat(dlq.maxReceiveCount()).isZero();
        assertThat(dlq.attributes())
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                .containsEntry(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576")
                .doesNotContainKey(QueueAttributeName.VISIBILITY_TIMEOUT);
        assertThat(dlq.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void nameSuffixIsThePartOfQueueNameAfterTheStackName() {
        QueueTemplate template = fixture();

        assertThat(template.queue(QueueTemplate.RELAY_QUEUE).nameSuffix()).isEqualTo(".fifo");
        assertThat(template.queue(QueueTemplate.DEAD_LETTER_QUEUE).nameSuffix()).isEqualTo("-dlq.fifo");
    }

    @Test
    void theRepositoryTemplatesUrgentQueueHasTheRelayQueuesAttributesAndDeadLetterQueue() {
        Optional<QueueTemplate> bundled = QueueTemplate.bundled();
        assumeThat(bundled).as("repository template.yaml copied into the build").isPresent();

        QueueSpec relay = bundled.orElseThrow().queue(QueueTemplate.RELAY_QUEUE);
        QueueSpec urgent = bundled.orElseThrow().queue(QueueTemplate.URGENT_QUEUE);

        assertThat(urgent.attributes()).isEqualTo(relay.attributes());
        assertThat(urgent.maxReceiveCount()).isEqualTo(relay.maxReceiveCount());
        assertThat(urgent.deadLetterTargetLogicalId()).isEqualTo(QueueTemplate.DEAD_LETTER_QUEUE);
        assertThat(urgent.nameSuffix()).isEqualTo("-urgent.fifo");
    }

    @Test
    void nameSuffixOfAFifoQueueWithoutQueueNameIsDotFifo() {
        QueueTemplate template = QueueTemplate.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties: {FifoQueue: true}
                  Standard:
                    Type: AWS::SQS::Queue
                """);

        assertThat(template.queue("Q").nameSuffix()).isEqualTo(".fifo");
        assertThat(template.queue("Standard").nameSuffix()).isEmpty();
        assertThat(template.queue("Standard").attributes()).isEmpty();
    }

    @Test
    void listsOnlySqsQueuesInTemplateOrder() {
        assertThat(fixture().queueLogicalIds())
                .containsExactly(QueueTemplate.DEAD_LETTER_QUEUE, QueueTemplate.RELAY_QUEUE, QueueTemplate.URGENT_QUEUE);
    }

    @Test
    void readsLongFormIntrinsicFunctions() {
        QueueTemplate template = QueueTemplate.parse("""
                {
                  "Parameters": {"Timeout": {"Type": "Number", "Default": 42}, "Count": {"Type": "Number", "Default": 7}},
                  "Resources": {
                    "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": true}},
                    "Main": {"Type": "AWS::SQS::Queue", "Properties": {
                      "FifoQueue": true,
                      "VisibilityTimeout": {"Ref": "Timeout"},
                      "DelaySeconds": 3,
                      "QueueName": {"Fn::Sub": "${AWS::StackName}-main.fifo"},
                      "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": {"Ref": "Count"}}
                    }}
                  }
                }
                """);

        QueueSpec main = template.queue("Main");
        assertThat(main.attributes()).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "42")
                .containsEntry(QueueAttributeName.DELAY_SECONDS, "3");
        assertThat(main.nameSuffix()).isEqualTo("-main.fifo");
        assertThat(main.deadLetterTargetLogicalId()).isEqualTo("Dlq");
        assertThat(main.maxReceiveCount()).isEqualTo(7);
    }

    @Test
    void toleratesTagsItHasNeverHeardOf() {
        QueueTemplate template = QueueTemplate.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      FifoQueue: true
                      Tags:
                        - Key: future
                          Value: !SomeFutureFunction [a, {b: c}]
                  Other:
                    Type: AWS::Lambda::Function
                    Properties:
                      Code: !Transform {Name: x}
                      Role: !GetAtt [Q, Arn]
                """);

        assertThat(template.queue("Q").fifo()).isTrue();
    }

    @Test
    void rejectsRefToAParameterWithoutDefault() {
        assertThatThrownBy(() -> QueueTemplate.parse("""
                Parameters:
                  Timeout: {Type: Number}
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties: {VisibilityTimeout: !Ref Timeout}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Timeout")
                .hasMessageContaining("Default");
    }

    @Test
    void rejectsAnAttributeThatOnlyADeployedStackCouldResolve() {
        assertThatThrownBy(() -> QueueTemplate.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties: {KmsMasterKeyId: !ImportValue shared-key}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Q.KmsMasterKeyId");
    }

    @Test
    void rejectsAFunctionItDoesNotEvaluateRatherThanGuess() {
        assertThatThrownBy(() -> QueueTemplate.parse("""
                Conditions:
                  Prod: !Equals [a, a]
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties: {DelaySeconds: !If [Prod, 5, 0]}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Q.DelaySeconds");
    }

    @Test
    void rejectsARedriveTargetThatIsNotAQueueArn() {
        assertThatThrownBy(() -> QueueTemplate.parse("""
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.QueueName, maxReceiveCount: 5}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadLetterTargetArn");
    }

    @Test
    void rejectsAnUnknownQueue() {
        assertThatThrownBy(() -> fixture().queue("RelayFunction"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RelayFunction")
                .hasMessageContaining("RelayQueue");
    }

    @Test
    void rejectsTextThatIsNotAYamlMapping() {
        assertThatThrownBy(() -> QueueTemplate.parse("- just\n- a list\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueTemplate.parse("a: [unclosed"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridesVisibilityTimeoutAndMaxReceiveCount() {
        QueueSpec relay = fixture().queue(QueueTemplate.RELAY_QUEUE)
                .withVisibilityTimeout(Duration.ofSeconds(2))
                .withMaxReceiveCount(3);

        assertThat(relay.attributes()).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "2")
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
        assertThat(relay.maxReceiveCount()).isEqualTo(3);
        assertThatThrownBy(() -> relay.withVisibilityTimeout(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fixture().queue(QueueTemplate.DEAD_LETTER_QUEUE).withMaxReceiveCount(3))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bundledTemplateDefinesTheRelayQueueAndItsDeadLetterQueue() {
        Optional<QueueTemplate> bundled = QueueTemplate.bundled();
        assumeThat(bundled).as("repository template.yaml copied into the build").isPresent();

        QueueSpec relay = bundled.orElseThrow().queue(QueueTemplate.RELAY_QUEUE);
        QueueSpec dlq = bundled.orElseThrow().queue(QueueTemplate.DEAD_LETTER_QUEUE);
        assertThat(relay.fifo()).isTrue();
        assertThat(dlq.fifo()).isTrue();
        // on for EventBridge rules that target the queue; publishers' own deduplication IDs win
        assertThat(relay.attributes()).containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        assertThat(relay.deadLetterTargetLogicalId()).isEqualTo(QueueTemplate.DEAD_LETTER_QUEUE);
        assertThat(relay.maxReceiveCount()).isPositive();
    }
}
