package dev.streamingetl.job.testing;

import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.LocalS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real S3-compatible server (S3Proxy in its own JVM, on loopback) for every test class of the
 * run, and Flink's S3 file system pointed at it, loaded as a plugin from {@code FLINK_PLUGINS_DIR}
 * as a cluster loads it.
 */
public final class LocalS3Extension implements BeforeAllCallback {

    private static Path dir;
    private static int port;
    private static LocalS3 s3;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("s3-test-");
            port = Ports.freePort();
            s3 = LocalS3.start(dir, port);
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(LocalS3Extension.class, (AutoCloseable) LocalS3Extension::stop);
            Configuration conf = Configuration.fromMap(s3.flinkSettings());
            FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        }
    }

    public static synchronized LocalS3 s3() {
        if (s3 == null) {
            throw new IllegalStateException(
                    "S3 is stopped, or the test class lacks @ExtendWith(LocalS3Extension.class)");
        }
        return s3;
    }

    /** A new bucket for one test. */
    public static String bucket(String name) throws IOException {
        s3().createBucket(name);
        return name;
    }

    /** Stops the server, keeping its objects, as an outage would. */
    public static synchronized void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    /** Starts the server again on the same port with the same objects. */
    public static synchronized void restart() throws IOException {
        if (s3 == null) {
            s3 = LocalS3.start(dir, port);
        }
    }
}
