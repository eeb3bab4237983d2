package dev.streamingetl.job.testing;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker (its own JVM, on loopback) for every test class of the test run: started by
 * the first class that needs it, stopped when the run ends. It retains records as Kafka does by
 * default (7 days by record timestamp) and runs its retention pass every 2 s.
 */
public final class LocalKafkaExtension implements BeforeAllCallback {

    private static LocalKafka kafka;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (kafka == null) {
            // Kafka's default retention, checked every few seconds instead of every 5 minutes:
            // whatever a test's job commits must outlast retention passes.
            LocalKafka started =
                    LocalKafka.startOnFreePorts(
                            Files.createTempDirectory("kafka-test-"),
                            List.of(
                                    "log.retention.check.interval.ms=2000",
                                    "log.initial.task.delay.ms=1000"));
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
