package dev.streamingetl.job.testing;

import dev.streamingetl.job.config.IcebergSettings;
import dev.streamingetl.job.sinks.IcebergTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads a test's Iceberg tables with Iceberg's own Java API, not the code that wrote them: the
 * default Hadoop catalog whose warehouse is the lake's path.
 */
public final class IcebergLakes {

    private IcebergLakes() {}

    /** The aggregate table of the lake at {@code warehouse}. */
    public static Table aggregates(Path warehouse) {
        return table(warehouse, IcebergTables.AGGREGATES);
    }

    public static Table table(Path warehouse, String name) {
        try (HadoopCatalog catalog = new HadoopCatalog()) {
            catalog.setConf(new org.apache.hadoop.conf.Configuration());
            catalog.initialize("test", Map.of("warehouse", warehouse.toUri().toString()));
            return catalog.loadTable(
                    TableIdentifier.of(Namespace.of(IcebergSettings.DEFAULT_NAMESPACE), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A table of a catalog given by its properties ({@code type=rest}, or {@code catalog-impl}).
     * The catalog stays open: the table reads its metadata through the catalog's connections.
     */
    public static Table table(Map<String, String> catalogProperties, String name) {
        return CatalogUtil.buildIcebergCatalog(
                        IcebergTables.CATALOG_NAME,
                        catalogProperties,
                        new org.apache.hadoop.conf.Configuration())
                .loadTable(
                        TableIdentifier.of(Namespace.of(IcebergSettings.DEFAULT_NAMESPACE), name));
    }

    /** Every row of the table's current snapshot. */
    public static List<Record> read(Table table) throws IOException {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
            read.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }

    /** The data files of the table's current snapshot: local paths, or URIs such as s3://. */
    public static List<String> dataFiles(Table table) throws IOException {
        table.refresh();
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(
                    t -> {
                        String location = t.file().location();
                        files.add(
                                location.startsWith("file:")
                                        ? Path.of(java.net.URI.create(location)).toString()
                                        : location);
                    });
        }
        return files;
    }

    /** The checkpoint each of the sink's snapshots committed, oldest first. */
    public static List<Long> committedCheckpoints(Table table) {
        table.refresh();
        List<Long> ids = new ArrayList<>();
        for (Snapshot s : table.snapshots()) {
            // Compactions commit snapshots of their own, which name no checkpoint.
            String id = s.summary().get("flink.max-committed-checkpoint-id");
            if (id != null) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }

    /** A {@code timestamptz} column's value in epoch milliseconds. */
    public static long millis(Record r, String column) {
        return ((OffsetDateTime) r.getField(column)).toInstant().toEpochMilli();
    }

    /** Paths as a DuckDB list literal. */
    public static String sqlList(List<String> paths) {
        return paths.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
