package dev.slackrelay.benchmarks;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every benchmark takes. Filled by picocli; not thread-safe.
 */
public final class CommonOptions {

    /** The command that builds the jar, quoted in every results file. */
    public static final String BUILD = "./mvnw -q -pl benchmarks -am package -DskipTests";
    /** How the jar is run (with a JDK 25 {@code java}). */
    public static final String RUN = "java -jar benchmarks/target/slack-relay-benchmarks.jar";

    @Option(names = "--quick", description = "A smaller smoke run. Results go to <bench>-quick.* so that the"
            + " committed full-size results are not overwritten.")
    boolean quick;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "benchmarks/results",
            description = "Directory for the results files (default: ${DEFAULT-VALUE}, relative to the repository root).")
    Path results;

    public boolean quick() {
        return quick;
    }

    /** The results file {@code <bench>[-quick]<suffix>}, e.g. {@code file("b1", ".md")}. */
    public Path file(String bench, String suffix) {
        return results.resolve(bench + (quick ? "-quick" : "") + suffix);
    }

    /** The command line that reproduces a run, for the results file. */
    public String command(String bench) {
        return BUILD + " && " + RUN + " " + bench + (quick ? " --quick" : "");
    }
}
