package dev.streamingetl.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What starting a service in a JVM of its own takes: this JVM's java, the build's classpaths. */
public final class Jvm {

    private Jvm() {}

    /** The java binary of the JVM that runs this: services run on the same Java. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A classpath or path the Maven build wrote as a resource next to {@code owner}.
     *
     * @throws IllegalStateException naming the module to build if it is missing
     */
    public static String buildResource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        name
                                + " is missing: build the module of "
                                + owner.getSimpleName()
                                + " with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of a service's log, for a message about its failure. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
