package dev.streamingetl.job.testing;

import dev.streamingetl.job.config.IcebergCatalog;
import dev.streamingetl.job.sinks.IcebergTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
                    TableIdentifier.of(Namespace.of(IcebergCatalog.DEFAULT_NAMESPACE), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The data files of the table's current snapshot, as local paths. */
    public static List<String> dataFiles(Table table) throws IOException {
        table.refresh();
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(
                    t -> files.add(Path.of(java.net.URI.create(t.file().location())).toString()));
        }
        return files;
    }

    /** The checkpoint each snapshot committed, oldest snapshot first. */
    public static List<Long> committedCheckpoints(Table table) {
        table.refresh();
        List<Long> ids = new ArrayList<>();
        for (Snapshot s : table.snapshots()) {
            ids.add(Long.parseLong(s.summary().get("flink.max-committed-checkpoint-id")));
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
