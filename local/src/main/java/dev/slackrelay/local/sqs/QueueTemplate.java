package dev.slackrelay.local.sqs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS queues of a CloudFormation/SAM template ({@code template.yaml}), the one place that defines the relay
 * queue's, the urgent queue's and the dead-letter queue's attributes for AWS and for the local pipeline alike.
 *
 * <p>The template is read with CloudFormation's short-form tags and long-form functions; in a queue's properties
 * the forms {@code template.yaml} uses are evaluated: {@code !Ref} to a parameter (its {@code Default}) or a pseudo
 * parameter, {@code !Sub} of those, and {@code !GetAtt Queue.Arn} as the redrive target. The build copies the repository's {@code template.yaml} into this module's jar, see
 * {@link #bundled()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class QueueTemplate {

    /** Logical ID of the relay queue in {@code template.yaml}. */
    public static final String RELAY_QUEUE = "RelayQueue";
    /** Logical ID of the urgent queue in {@code template.yaml}. */
    public static final String URGENT_QUEUE = "UrgentQueue";
    /** Logical ID of the dead-letter queue in {@code template.yaml}. */
    public static final String DEAD_LETTER_QUEUE = "DeadLetterQueue";
    /** Class-path location of the repository's {@code template.yaml}, copied there at build time. */
    public static final String BUNDLED_RESOURCE = "slack-relay/template.yaml";

    /** Stack name that {@code AWS::StackName} resolves to locally. */
    static final String LOCAL_STACK_NAME = "slack-relay";
    private static final String LOCAL_REGION = "us-east-1";
    private static final String LOCAL_ACCOUNT = "000000000000";

    private static final String QUEUE_TYPE = "AWS::SQS::Queue";

    /** Template properties that are queue attributes of the same name. */
    private static final Map<String, QueueAttributeName> ATTRIBUTE_PROPERTIES = Map.ofEntries(
            Map.entry("FifoQueue", QueueAttributeName.FIFO_QUEUE),
            Map.entry("ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION),
            Map.entry("DeduplicationScope", QueueAttributeName.DEDUPLICATION_SCOPE),
            Map.entry("FifoThroughputLimit", QueueAttributeName.FIFO_THROUGHPUT_LIMIT),
            Map.entry("DelaySeconds", QueueAttributeName.DELAY_SECONDS),
            Map.entry("MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE),
            Map.entry("MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD),
            Map.entry("ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS),
            Map.entry("VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT),
            Map.entry("SqsManagedSseEnabled", QueueAttributeName.SQS_MANAGED_SSE_ENABLED),
            Map.entry("KmsMasterKeyId", QueueAttributeName.KMS_MASTER_KEY_ID),
            Map.entry("KmsDataKeyReusePeriodSeconds", QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS));

    private final Map<String, QueueSpec> queues;

    private QueueTemplate(Map<?, ?> template) {
        Map<String, Object> resources = IntrinsicResolver.section(template, "Resources");
        IntrinsicResolver resolver = new IntrinsicResolver(template, LOCAL_STACK_NAME, LOCAL_REGION, LOCAL_ACCOUNT);
        Map<String, QueueSpec> specs = new LinkedHashMap<>();
        resources.forEach((logicalId, resource) -> {
            if (resource instanceof Map<?, ?> map && QUEUE_TYPE.equals(map.get("Type"))) {
                specs.put(logicalId, toSpec(logicalId, map, resolver));
            }
        });
        this.queues = Collections.unmodifiableMap(specs);
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException if the text is not a YAML mapping or a queue's properties cannot be resolved
     *     locally (for example a {@code !Ref} to a parameter without {@code Default})
     */
    public static QueueTemplate parse(String yaml) {
        Object root;
        try {
            root = CloudFormationYaml.load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("template is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> template)) {
            throw new IllegalArgumentException("template is not a YAML mapping");
        }
        return new QueueTemplate(template);
    }

    /** Reads and {@linkplain #parse(String) parses} a UTF-8 template. */
    public static QueueTemplate read(InputStream in) {
        try {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and {@linkplain #parse(String) parses} a UTF-8 template file. */
    public static QueueTemplate read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's {@code template.yaml} as bundled into this module's jar at build time, or empty if the build
     * found none.
     */
    public static Optional<QueueTemplate> bundled() {
        ClassLoader loader = QueueTemplate.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(BUNDLED_RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logical IDs of all {@code AWS::SQS::Queue} resources, in template order. */
    public Set<String> queueLogicalIds() {
        return queues.keySet();
    }

    /**
     * The queue with that logical ID.
     *
     * @throws IllegalArgumentException if the template has no {@code AWS::SQS::Queue} of that logical ID
     */
    public QueueSpec queue(String logicalId) {
        QueueSpec spec = queues.get(logicalId);
        if (spec == null) {
            throw new IllegalArgumentException("template has no AWS::SQS::Queue " + logicalId
                    + " (queues: " + queueLogicalIds() + ")");
        }
        return spec;
    }

    private static QueueSpec toSpec(String logicalId, Map<?, ?> resource, IntrinsicResolver resolver) {
        Map<String, Object> properties = resource.get("Properties") == null ? Map.of()
                : IntrinsicResolver.section(resource, "Properties");
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        ATTRIBUTE_PROPERTIES.forEach((property, attribute) -> {
            if (properties.containsKey(property)) {
                attributes.put(attribute, requireScalar(resolver.resolve(properties.get(property)), logicalId,
                        property));
            }
        });

        int maxReceiveCount = 0;
        String target = null;
        if (properties.containsKey("RedrivePolicy")) {
            Object redrive = resolver.resolve(properties.get("RedrivePolicy"));
            if (!(redrive instanceof Map<?, ?> policy)) {
                throw new IllegalArgumentException(logicalId + ".RedrivePolicy must be a mapping, got " + redrive);
            }
            String count = requireScalar(policy.get("maxReceiveCount"), logicalId, "RedrivePolicy.maxReceiveCount");
            maxReceiveCount = Integer.parseInt(count);
            target = targetLogicalId(policy.get("deadLetterTargetArn"), logicalId);
        }

        boolean fifo = Boolean.parseBoolean(attributes.get(QueueAttributeName.FIFO_QUEUE));
        String nameSuffix = fifo ? ".fifo" : "";
        if (properties.containsKey("QueueName")) {
            String name = requireScalar(resolver.resolve(properties.get("QueueName")), logicalId, "QueueName");
            nameSuffix = name.startsWith(LOCAL_STACK_NAME) ? name.substring(LOCAL_STACK_NAME.length()) : name;
        }
        return new QueueSpec(logicalId, nameSuffix, attributes, maxReceiveCount, target);
    }

    /** The queue that {@code deadLetterTargetArn: !GetAtt X.Arn} (or {@code Fn::GetAtt: [X, Arn]}) names. */
    private static String targetLogicalId(Object arn, String logicalId) {
        if (arn instanceof IntrinsicResolver.Unresolved(Intrinsic(String name, Object argument))
                && name.equals("GetAtt")) {
            List<String> parts = switch (argument) {
                case String s -> List.of(s.split("\\.", 2));
                case List<?> list -> list.stream().map(String::valueOf).toList();
                default -> List.of();
            };
            if (parts.size() == 2 && parts.get(1).equals("Arn")) {
                return parts.get(0);
            }
        }
        throw new IllegalArgumentException(logicalId
                + ".RedrivePolicy.deadLetterTargetArn must be !GetAtt <queue>.Arn, got " + arn);
    }

    private static String requireScalar(Object resolved, String logicalId, String property) {
        String value = IntrinsicResolver.scalar(resolved);
        if (value == null) {
            throw new IllegalArgumentException(logicalId + "." + property + " cannot be resolved locally: " + resolved);
        }
        return value;
    }
}
