package dev.slackrelay.local.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes the small jar that goes on a child JVM's class path next to the deployable relay jar, as a Lambda runtime
 * would have it: the classes of a driver that calls the handler (the B3 cold-start probe, the shaded-jar smoke test),
 * copied from wherever this JVM loaded them, and nothing else of this JVM's class path. A jar rather than a
 * directory, because a JDK AOT cache accepts nothing else. Stateless.
 */
public final class DriverJar {

    private DriverJar() {
    }

    /**
     * Writes the classes of each given class's package (not of its sub-packages) to {@code target}.
     *
     * @return the number of classes written
     */
    public static int write(Path target, Class<?>... packages) throws IOException {
        int count = 0;
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            for (Class<?> anchor : packages) {
                count += copyPackage(anchor, out);
            }
        }
        return count;
    }

    private static int copyPackage(Class<?> anchor, JarOutputStream out) throws IOException {
        String prefix = anchor.getPackageName().replace('.', '/') + "/";
        Path source;
        try {
            source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + anchor.getName(), e);
        }
        int count = 0;
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source.resolve(prefix))) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                String name = source.relativize(file).toString().replace('\\', '/');
                if (isDirectClass(name, prefix)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        count += add(out, name, in);
                    }
                }
            }
            return count;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            List<JarEntry> selected = new ArrayList<>();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (isDirectClass(entry.getName(), prefix)) {
                    selected.add(entry);
                }
            }
            for (JarEntry entry : selected) {
                try (InputStream in = jar.getInputStream(entry)) {
                    count += add(out, entry.getName(), in);
                }
            }
        }
        return count;
    }

    /** A class of the package itself, not of a sub-package. */
    private static boolean isDirectClass(String name, String prefix) {
        return name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0;
    }

    private static int add(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
        return 1;
    }
}
