package dev.slackrelay.local.jvm;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a JVM of our own that runs the relay (the deployable jar, the standalone poller): configured by
 * environment variables alone, as a user would configure it, so none of this process's relay, AWS SDK or JVM-option
 * variables may leak into it. Stateless.
 */
public final class ChildEnvironment {

    /** The relay's variables ({@code RelayConfig}), the poller's and the AWS SDK's. */
    private static final List<String> RELAY_PREFIXES = List.of("AWS_", "SQS_", "SLACK_", "CHANNEL_INTERVAL",
            "BACKOFF_", "MAX_RECEIVE", "MAX_CONCURRENCY", "URGENT_", "METRICS_", "MESSAGES_PER_POST", "FILES_");
    private static final Set<String> JVM_OPTIONS = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private ChildEnvironment() {
    }

    /** Removes every inherited relay, AWS SDK and JVM-option variable from {@code builder}, then adds {@code variables}. */
    public static ProcessBuilder configure(ProcessBuilder builder, Map<String, String> variables) {
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> JVM_OPTIONS.contains(name) || RELAY_PREFIXES.stream().anyMatch(name::startsWith));
        env.putAll(variables);
        return builder;
    }
}
