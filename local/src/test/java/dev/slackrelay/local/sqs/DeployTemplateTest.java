package dev.slackrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code template.yaml} beyond its queues: the HTTP ingestion and the alarm topic are optional,
 * throttled, and their functions may do only what they need.
 */
class DeployTemplateTest {

    private static Map<String, Object> template;

    @BeforeAll
    static void readBundledTemplate() throws IOException {
        try (InputStream in = DeployTemplateTest.class.getClassLoader()
                .getResourceAsStream(QueueTemplate.BUNDLED_RESOURCE)) {
            assumeThat(in).as("repository template.yaml copied into the build").isNotNull();
            template = map(CloudFormationYaml.load(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void theIngestAndAlarmFunctionsMaySendToTheRelayQueuesReadTheIngestSecretAndWriteTheirLogsOnly() {
        assertThat(permissions("IngestFunctionRole")).containsExactlyInAnyOrder(
                "sqs:SendMessage on GetAtt RelayQueue.Arn",
                "sqs:SendMessage on GetAtt UrgentQueue.Arn",
                "secretsmanager:GetSecretValue on Ref IngestSecret",
                "logs:CreateLogStream on GetAtt IngestFunctionLogGroup.Arn",
                "logs:PutLogEvents on GetAtt IngestFunctionLogGroup.Arn");
        assertThat(permissions("AlarmFunctionRole")).containsExactlyInAnyOrder(
                "sqs:SendMessage on GetAtt RelayQueue.Arn",
                "sqs:SendMessage on GetAtt UrgentQueue.Arn",
                "logs:CreateLogStream on GetAtt AlarmFunctionLogGroup.Arn",
                "logs:PutLogEvents on GetAtt AlarmFunctionLogGroup.Arn");
        for (String role : List.of("IngestFunctionRole", "AlarmFunctionRole")) {
            assertThat(properties(role)).as(role + ": no managed policies beside its own").doesNotContainKey(
                    "ManagedPolicyArns");
        }
    }

    @Test
    void theRelayReadsFilesOnlyUnderTheFilesPrefixAndQueuesFilesApartOnlyOnItsOwnQueues() {
        String files = "s3:GetObject on Sub arn:${AWS::Partition}:s3:::${FilesBucket}/${FilesPrefix}*";
        Set<String> relay = permissions("RelayFunctionRole");

        assertThat(relay).contains(files, "sqs:SendMessage on GetAtt DeadLetterQueue.Arn",
                "sqs:SendMessage on GetAtt RelayQueue.Arn", "sqs:SendMessage on GetAtt UrgentQueue.Arn");
        assertThat(relay).filteredOn(p -> p.startsWith("s3:")).containsExactly(files);
        assertThat(relay).filteredOn(p -> p.startsWith("sqs:SendMessage")).hasSize(3);
        assertThat(map(map(properties("RelayFunction"), "Environment"), "Variables"))
                .containsEntry("FILES_S3_BUCKET", new Intrinsic("Ref", "FilesBucket"))
                .containsEntry("FILES_S3_PREFIX", new Intrinsic("Ref", "FilesPrefix"));
        assertThat(map(parameter("FilesBucket"), null)).containsEntry("Default", "");
    }

    @Test
    void theNewFunctionsRunJava25WithSnapStartBehindTheLiveAliasWithTheirOwnRoles() {
        assertFunction("IngestFunction", "dev.slackrelay.ingest.lambda.IngestFunction::handleRequest");
        assertFunction("AlarmFunction", "dev.slackrelay.ingest.lambda.AlarmFunction::handleRequest");
        assertThat(properties("IngestFunction")).containsEntry("MemorySize", 512).containsEntry("Timeout", 10);
    }

    @Test
    void theIngestApiIsThrottledByItsParametersAndRoutesEverythingToTheIngestFunction() {
        assertThat(map(properties("IngestApi"), "DefaultRouteSettings")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ThrottlingRateLimit", new Intrinsic("Ref", "IngestThrottlingRateLimit"),
                "ThrottlingBurstLimit", new Intrinsic("Ref", "IngestThrottlingBurstLimit")));
        assertThat(map(parameter("IngestThrottlingRateLimit"), null)).containsEntry("Default", 50);
        assertThat(map(parameter("IngestThrottlingBurstLimit"), null)).containsEntry("Default", 100);

        List<String> routes = new ArrayList<>();
        map(properties("IngestFunction"), "Events").values().forEach(event -> {
            Map<String, Object> e = map(event);
            assertThat(e.get("Type")).isEqualTo("HttpApi");
            Map<String, Object> p = map(e, "Properties");
            assertThat(p.get("ApiId")).isEqualTo(new Intrinsic("Ref", "IngestApi"));
            assertThat(p.get("PayloadFormatVersion")).isEqualTo("2.0");
            routes.add(p.get("Method") + " " + p.get("Path"));
        });
        assertThat(routes).containsExactlyInAnyOrder("POST /v1/messages", "POST /hooks/{hookId}", "ANY /{proxy+}");
    }

    @Test
    void theAlarmTopicLetsCloudWatchPublishAndFeedsTheAlarmFunction() {
        List<?> statements = (List<?>) map(properties("AlarmTopicPolicy"), "PolicyDocument").get("Statement");
        assertThat(statements).anySatisfy(s -> {
            Map<String, Object> statement = map(s);
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(map(statement, "Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
            assertThat(statement.get("Action")).isEqualTo("sns:Publish");
            assertThat(statement.get("Resource")).isEqualTo(new Intrinsic("Ref", "AlarmTopic"));
        });
        Map<String, Object> event = map(map(map(properties("AlarmFunction"), "Events"), "AlarmNotifications"), null);
        assertThat(event.get("Type")).isEqualTo("SNS");
        assertThat(map(event, "Properties")).containsEntry("Topic", new Intrinsic("Ref", "AlarmTopic"));
        assertThat(map(map(properties("AlarmFunction"), "Environment"), "Variables"))
                .containsEntry("ALARM_CHANNEL", new Intrinsic("Ref", "AlarmChannel"));
    }

    @Test
    void ingestionAndTheAlarmTopicAreOffByDefaultAndOutputWhenOn() {
        assertThat(map(parameter("EnableIngest"), null)).containsEntry("Default", "false");
        assertThat(map(parameter("AlarmChannel"), null)).containsEntry("Default", "");
        Map<String, Object> resources = map(template, "Resources");
        for (String id : List.of("IngestSecret", "IngestApi", "IngestFunctionLogGroup", "IngestFunctionRole",
                "IngestFunction")) {
            assertThat(map(resources, id)).as(id).containsEntry("Condition", "IngestEnabled");
        }
        for (String id : List.of("AlarmTopic", "AlarmTopicPolicy", "AlarmFunctionLogGroup", "AlarmFunctionRole",
                "AlarmFunction")) {
            assertThat(map(resources, id)).as(id).containsEntry("Condition", "HasAlarmChannel");
        }
        Map<String, Object> outputs = map(template, "Outputs");
        assertThat(map(outputs, "IngestUrl")).containsEntry("Condition", "IngestEnabled");
        assertThat(map(outputs, "AlarmTopicArn")).containsEntry("Condition", "HasAlarmChannel")
                .containsEntry("Value", new Intrinsic("Ref", "AlarmTopic"));
    }

    private static void assertFunction(String id, String handler) {
        Map<String, Object> p = properties(id);
        assertThat(p.get("Handler")).isEqualTo(handler);
        assertThat(p.get("Runtime")).isEqualTo("java25");
        assertThat(map(p, "SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(p.get("AutoPublishAlias")).isEqualTo("live");
        assertThat(p.get("Role")).isEqualTo(new Intrinsic("GetAtt", id + "Role.Arn"));
        assertThat(map(map(p, "Environment"), "Variables")).containsEntry("SQS_QUEUE_URL",
                new Intrinsic("Ref", "RelayQueue")).containsEntry("SQS_URGENT_QUEUE_URL",
                new Intrinsic("Ref", "UrgentQueue"));
    }

    /**
     * Every {@code action on resource} the role's inline policies allow, conditional statements included; fails on
     * any Deny or wildcard but the one that ends an S3 key prefix.
     */
    private static Set<String> permissions(String roleId) {
        Set<String> out = new TreeSet<>();
        for (Object policy : (List<?>) properties(roleId).get("Policies")) {
            for (Object s : (List<?>) map(map(map(policy), "PolicyDocument"), null).get("Statement")) {
                if (s instanceof Intrinsic conditional && conditional.name().equals("If")) {
                    s = ((List<?>) conditional.argument()).get(1);
                }
                Map<String, Object> statement = map(s);
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                for (Object action : list(statement.get("Action"))) {
                    for (Object resource : list(statement.get("Resource"))) {
                        assertThat(action.toString() + resource.toString().replaceFirst("}\\*]$", "}]"))
                                .doesNotContain("*");
                        Intrinsic r = (Intrinsic) resource;
                        out.add(action + " on " + r.name() + " " + r.argument());
                    }
                }
            }
        }
        return out;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of(value);
    }

    private static Map<String, Object> properties(String resourceId) {
        return map(map(map(template, "Resources"), resourceId), "Properties");
    }

    private static Map<String, Object> parameter(String id) {
        return map(map(template, "Parameters"), id);
    }

    /** {@code map.get(key)} as a map ({@code map} itself for a {@code null} key), failing if it is none. */
    private static Map<String, Object> map(Map<String, Object> map, String key) {
        return map(key == null ? map : map.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
