package dev.slackrelay.ingest.alarm.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudWatch alarm state-change notification, as CloudWatch publishes it to SNS: a metric alarm (one metric in
 * {@code Trigger}, or metric math in {@code Trigger.Metrics}) or a composite alarm ({@code AlarmRule}). Text fields
 * are {@code null} when absent; every text is as CloudWatch sent it (untrusted, unescaped). Immutable.
 *
 * @param name               {@code AlarmName}
 * @param description        {@code AlarmDescription}, or {@code null}
 * @param accountId          {@code AWSAccountId}, or {@code null}
 * @param newState           {@code NewStateValue}
 * @param oldState           {@code OldStateValue} as sent, or {@code null}
 * @param reason             {@code NewStateReason}, or {@code null}
 * @param stateChangeTime    {@code StateChangeTime} as sent ({@code 2015-06-03T17:43:27.123+0000}), or {@code null}
 * @param regionName         {@code Region}, the long name ({@code US East (N. Virginia)}), or {@code null}
 * @param regionCode         the region code from {@code AlarmArn} ({@code us-east-1}), or {@code null}
 * @param partition          the partition from {@code AlarmArn} ({@code aws}), or {@code null}
 * @param metric             the metric, or the metric-math expressions and their metrics one per line, or
 *                           {@code null}
 * @param namespace          the namespaces of the metrics, or {@code null}
 * @param dimensions         the dimensions as {@code name=value}, distinct, in order; never {@code null}
 * @param condition          statistic, comparison and threshold in words, or {@code null}
 * @param alarmRule          a composite alarm's {@code AlarmRule}, or {@code null}
 * @param triggeringChildren a composite alarm's {@code TriggeringChildren} as {@code name (STATE)}; never {@code null}
 */
public record CloudWatchAlarm(String name, String description, String accountId, AlarmState newState,
                              String oldState, String reason, String stateChangeTime, String regionName,
                              String regionCode, String partition, String metric, String namespace,
                              List<String> dimensions, String condition, String alarmRule,
                              List<String> triggeringChildren) implements SnsContent {

    /** Nesting far deeper than any alarm's fails fast, and the message is posted as text. */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Longer console URLs are left out: CloudWatch names have at most 255 characters, about 800 URL-encoded. */
    private static final int MAX_URL = 1_000;
    private static final Pattern ALARM_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):cloudwatch:([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):[^:]*:alarm:.*");
    private static final Pattern CHILD_NAME = Pattern.compile("arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)");

    public CloudWatchAlarm {
        dimensions = List.copyOf(dimensions);
        triggeringChildren = List.copyOf(triggeringChildren);
    }

    /**
     * The alarm in {@code message}, or {@code null} when it is not well-formed CloudWatch alarm JSON (not JSON, not
     * an object, no {@code AlarmName}, or a {@code NewStateValue} other than the three states). Never throws.
     */
    public static CloudWatchAlarm parse(String message) {
        if (message == null || !message.stripLeading().startsWith("{")) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JacksonException | RuntimeException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        String name = text(root, "AlarmName");
        AlarmState state = AlarmState.of(text(root, "NewStateValue"));
        if (name == null || state == null) {
            return null;
        }
        String arn = text(root, "AlarmArn");
        Matcher arnParts = arn == null ? null : ALARM_ARN.matcher(arn);
        boolean arnOk = arnParts != null && arnParts.matches();

        JsonNode trigger = root.path("Trigger");
        Metrics metrics = trigger.path("Metrics").isArray() && !trigger.path("Metrics").isEmpty()
                ? mathMetrics(trigger.path("Metrics"))
                : singleMetric(trigger);
        List<String> children = new ArrayList<>();
        for (JsonNode child : root.path("TriggeringChildren")) {
            String childArn = text(child, "Arn");
            if (childArn != null) {
                Matcher m = CHILD_NAME.matcher(childArn);
                String childState = text(child.path("State"), "Value");
                children.add((m.matches() ? m.group(1) : childArn) + (childState == null ? "" : " (" + childState + ")"));
            }
        }
        return new CloudWatchAlarm(name, text(root, "AlarmDescription"), scalar(root, "AWSAccountId"), state,
                text(root, "OldStateValue"), text(root, "NewStateReason"), text(root, "StateChangeTime"),
                text(root, "Region"), arnOk ? arnParts.group(2) : null, arnOk ? arnParts.group(1) : null,
                metrics.metric(), metrics.namespace(), metrics.dimensions(), condition(trigger, metrics),
                text(root, "AlarmRule"), children);
    }

    /**
     * The alarm's page in the CloudWatch console, or {@code null} when {@code AlarmArn} named no region (or the name
     * is longer than CloudWatch allows). Only the
     * validated region code and the URL-encoded name go into it, so it is safe inside a Slack link.
     */
    public String consoleUrl() {
        if (regionCode == null) {
            return null;
        }
        String host = switch (partition) {
            case "aws-cn" -> regionCode + ".console.amazonaws.cn";
            case "aws-us-gov" -> regionCode + ".console.amazonaws-us-gov.com";
            default -> regionCode + ".console.aws.amazon.com";
        };
        String url = "https://" + host + "/cloudwatch/home?region=" + regionCode + "#alarmsV2:alarm/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return url.length() <= MAX_URL ? url : null;
    }

    /** What the trigger says about the metrics. */
    private record Metrics(String metric, String namespace, List<String> dimensions, String stat) {
    }

    private static Metrics singleMetric(JsonNode trigger) {
        String stat = text(trigger, "Statistic");
        return new Metrics(text(trigger, "MetricName"), text(trigger, "Namespace"),
                dimensions(trigger.path("Dimensions"), new LinkedHashSet<>()),
                stat != null ? stat : text(trigger, "ExtendedStatistic"));
    }

    /** {@code Trigger.Metrics}: expressions first ({@code e1 = m1*1}), then the metrics they read. */
    private static Metrics mathMetrics(JsonNode queries) {
        List<String> expressions = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        Set<String> dimensions = new LinkedHashSet<>();
        for (JsonNode query : queries) {
            String id = text(query, "Id");
            String label = text(query, "Label");
            String prefix = (id == null ? "" : id + " = ");
            String expression = text(query, "Expression");
            JsonNode stat = query.path("MetricStat");
            if (expression != null) {
                expressions.add(prefix + expression + (label == null ? "" : " (" + label + ")"));
            } else if (stat.isObject()) {
                JsonNode metric = stat.path("Metric");
                String namespace = text(metric, "Namespace");
                String metricName = text(metric, "MetricName");
                String statName = text(stat, "Stat");
                if (namespace != null) {
                    namespaces.add(namespace);
                }
                reads.add(prefix + (namespace == null ? "" : namespace + " ") + (metricName == null ? "?" : metricName)
                        + (statName == null ? "" : " (" + statName + ")"));
                dimensions(metric.path("Dimensions"), dimensions);
            }
        }
        List<String> lines = new ArrayList<>(expressions);
        lines.addAll(reads);
        return new Metrics(lines.isEmpty() ? null : String.join("\n", lines),
                namespaces.isEmpty() ? null : String.join(", ", namespaces), List.copyOf(dimensions), null);
    }

    private static List<String> dimensions(JsonNode array, Set<String> into) {
        for (JsonNode dimension : array) {
            // CloudWatch spells these in lower case; accept the API's capitalised spelling too
            String name = text(dimension, "name") != null ? text(dimension, "name") : text(dimension, "Name");
            String value = text(dimension, "value") != null ? text(dimension, "value") : text(dimension, "Value");
            if (name != null) {
                into.add(name + "=" + (value == null ? "" : value));
            }
        }
        return List.copyOf(into);
    }

    /** {@code AVERAGE > 80.0 for 3 periods of 60 s}, or whatever of it the trigger gives. */
    private static String condition(JsonNode trigger, Metrics metrics) {
        String operator = text(trigger, "ComparisonOperator");
        if (operator == null) {
            return null;
        }
        String value = scalar(trigger, "Threshold") != null ? scalar(trigger, "Threshold")
                : scalar(trigger, "ThresholdMetricId");
        String threshold = value == null ? "" : " " + value;
        String comparison = switch (operator) {
            case "GreaterThanThreshold" -> ">" + threshold;
            case "GreaterThanOrEqualToThreshold" -> "≥" + threshold;
            case "LessThanThreshold" -> "<" + threshold;
            case "LessThanOrEqualToThreshold" -> "≤" + threshold;
            case "LessThanLowerOrGreaterThanUpperThreshold" -> "outside the band" + threshold;
            case "GreaterThanUpperThreshold" -> "above the band" + threshold;
            case "LessThanLowerThreshold" -> "below the band" + threshold;
            default -> operator + threshold;
        };
        StringBuilder out = new StringBuilder();
        if (metrics.stat() != null) {
            out.append(metrics.stat()).append(' ');
        }
        out.append(comparison);
        String periods = scalar(trigger, "EvaluationPeriods");
        String period = scalar(trigger, "Period");
        if (periods != null && period != null) {
            out.append(" for ").append(periods).append(periods.equals("1") ? " period" : " periods")
                    .append(" of ").append(period).append(" s");
        }
        return out.toString();
    }

    /** A text field, or {@code null} when absent, not text or blank. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.textValue().isBlank() ? null : value.textValue();
    }

    /** A number or text field as written ({@code 900.0}), or {@code null} when absent, neither or blank. */
    private static String scalar(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asText() : text(node, field);
    }
}
