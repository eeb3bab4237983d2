package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that {@code flink run} uploads on every submission: an integration test because
 * Maven builds it in {@code package}.
 */
class JobJarITCase {

    private static final Path JAR = Path.of("target", "streaming-etl-job.jar");

    private static final Pattern ZSTD_NATIVE =
            Pattern.compile("(?:.*/)?libzstd-jni-(.+)\\.(?:so|dll|dylib)");

    /**
     * zstd-jni loads the natives named after its own version; natives of another version (two
     * dependencies bundle zstd-jni) are megabytes every submission uploads for nothing.
     */
    @Test
    void holdsTheNativesOfItsOwnZstdJniOnly() throws Exception {
        Set<String> natives = new TreeSet<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream()
                    .map(entry -> ZSTD_NATIVE.matcher(entry.getName()))
                    .filter(Matcher::matches)
                    .forEach(m -> natives.add(m.group(1)));
        }
        String classes;
        try (URLClassLoader jar =
                new URLClassLoader(
                        new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            classes =
                    (String)
                            jar.loadClass("com.github.luben.zstd.util.ZstdVersion")
                                    .getField("VERSION")
                                    .get(null);
        }
        assertThat(natives).containsExactly(classes);
    }
}
