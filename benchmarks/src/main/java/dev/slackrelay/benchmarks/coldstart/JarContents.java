package dev.slackrelay.benchmarks.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a jar is made of, grouped by top-level package: two path segments under the usual reverse-domain roots
 * ({@code software/amazon}, {@code com/slack}, {@code com/fasterxml}), one otherwise ({@code kotlin},
 * {@code okhttp3}, {@code META-INF}). Immutable.
 *
 * @param bytes  the jar's size on disk
 * @param groups the groups, largest compressed size first
 */
record JarContents(long bytes, List<Group> groups) {

    private static final Set<String> DOMAIN_ROOTS = Set.of("com", "org", "net", "io", "dev", "software", "javax",
            "jakarta", "edu");

    /**
     * One group of entries.
     *
     * @param prefix       the package path, e.g. {@code software/amazon}
     * @param entries      files in it
     * @param compressed   their compressed size in the jar
     * @param uncompressed their size unpacked
     */
    record Group(String prefix, long entries, long compressed, long uncompressed) {
    }

    static JarContents of(Path jar) throws IOException {
        Map<String, long[]> groups = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                long[] g = groups.computeIfAbsent(prefix(entry.getName()), p -> new long[3]);
                g[0]++;
                g[1] += Math.max(0, entry.getCompressedSize());
                g[2] += Math.max(0, entry.getSize());
            }
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((prefix, g) -> out.add(new Group(prefix, g[0], g[1], g[2])));
        out.sort(Comparator.comparingLong(Group::compressed).reversed());
        return new JarContents(Files.size(jar), List.copyOf(out));
    }

    private static String prefix(String name) {
        String[] parts = name.split("/");
        if (parts.length == 1) {
            return "(root)";
        }
        if (DOMAIN_ROOTS.contains(parts[0]) && parts.length > 2) {
            return parts[0] + "/" + parts[1];
        }
        return parts[0];
    }
}
