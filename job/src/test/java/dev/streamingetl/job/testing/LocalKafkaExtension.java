package dev.streamingetl.job.testing;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker (its own JVM, on loopback) for every test class of the test run: started by
 * the first class that needs it, stopped when the run ends.
 */
public final class LocalKafkaExtension implements BeforeAllCallback {

    private static LocalKafka kafka;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (kafka == null) {
            LocalKafka started =
                    LocalKafka.startOnFreePorts(Files.createTempDirectory("kafka-test-"));
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(LocalKafkaExtension.class, (AutoCloseable) started::close);
            kafka = started;
        }
    }

    public static String bootstrapServers() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "annotate the test class with @ExtendWith(LocalKafkaExtension.class)");
        }
        return kafka.bootstrapServers();
    }

    public static LocalKafka kafka() {
        bootstrapServers();
        return kafka;
    }
}
