package dev.slackrelay.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as every results file states it. Immutable and thread-safe.
 *
 * @param cpus        processors available to the JVM ({@code nproc})
 * @param cpuModel    {@code model name} from {@code /proc/cpuinfo}, or {@code unknown}
 * @param memoryBytes {@code MemTotal} from {@code /proc/meminfo}, or the JVM's view of it; 0 when unknown
 * @param jdk         the running JDK: vendor version and runtime version
 * @param os          operating system name, version and architecture
 * @param date        when the description was taken, to the second, UTC
 * @param loadAverage the 1, 5 and 15-minute load averages then, from {@code /proc/loadavg}: how busy the machine
 *                    was with other work when the benchmark started
 */
public record Machine(int cpus, String cpuModel, long memoryBytes, String jdk, String os, Instant date,
                      String loadAverage) {

    /** Describes the machine this JVM runs on, now. */
    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                procField(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kilobytes).orElse(0L),
                System.getProperty("java.vendor.version", System.getProperty("java.vendor")) + " "
                        + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), currentLoadAverage());
    }

    /** The 1, 5 and 15-minute load averages now, or {@code unknown}. */
    public static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Markdown bullet lines. */
    public List<String> markdownLines() {
        return List.of(
                "- CPU: " + cpus + " × " + cpuModel + " (`nproc` = " + cpus + ")",
                "- memory: " + (memoryBytes > 0 ? String.format(Locale.ROOT, "%.1f GiB", memoryBytes / 1073741824.0)
                        : "unknown"),
                "- JDK: " + jdk,
                "- OS: " + os,
                "- date: " + date,
                "- load average (1, 5, 15 min) at the start: " + loadAverage);
    }

    private static Optional<String> procField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the description says "unknown"
        }
        return Optional.empty();
    }

    private static long kilobytes(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits) * 1024;
    }
}
