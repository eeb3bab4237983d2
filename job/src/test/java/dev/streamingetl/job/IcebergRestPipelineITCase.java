package dev.streamingetl.job;

import dev.streamingetl.catalog.LocalIcebergCatalog;
import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link IcebergPipelineITCase} with the tables in a REST catalog (Iceberg's own REST catalog
 * server, in its own JVM): created there at the lake's paths, written exactly once, and read back
 * through the catalog as the same aggregates and raw events.
 */
class IcebergRestPipelineITCase extends IcebergPipelineITCase {

    private LocalIcebergCatalog catalog;

    @Override
    String topic() {
        return "iceberg_rest_pipeline_events";
    }

    @Override
    List<String> storageFlags() {
        try {
            catalog =
                    LocalIcebergCatalog.start(
                            Files.createDirectories(dir.resolve("catalog")), Ports.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> flags = new ArrayList<>(super.storageFlags());
        flags.addAll(
                List.of(
                        "--iceberg-catalog",
                        "catalog-type=rest",
                        "--iceberg-catalog",
                        "uri=" + catalog.uri()));
        return flags;
    }

    @Override
    Table table(String name) {
        return IcebergLakes.table(Map.of("type", "rest", "uri", catalog.uri()), name);
    }

    @AfterAll
    void stopCatalog() {
        if (catalog != null) {
            catalog.close();
        }
    }
}
