package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg's own Flink runtime as Iceberg publishes it (built for Flink 2.1) on our Flink 2.2: its
 * Sink V2 ({@code IcebergSink}) writes a table of a Hadoop catalog on local disk from a job on the
 * MiniCluster with checkpoints, and Iceberg's Java API reads back exactly the rows written, in
 * snapshots committed on checkpoints. The first step towards the lake as Iceberg tables.
 */
class IcebergRuntimeITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    private static final long T0 = 1_795_514_400_000L;
    private static final int ROWS = 5_000;

    @TempDir Path dir;

    @Test
    void icebergsSinkWritesExactlyTheRowsOnFlink22() throws Exception {
        Schema schema =
                new Schema(
                        Types.NestedField.required(
                                1, "window_start", Types.TimestampType.withZone()),
                        Types.NestedField.required(2, "event_type", Types.StringType.get()),
                        Types.NestedField.required(3, "event_count", Types.LongType.get()));
        PartitionSpec partitions =
                PartitionSpec.builderFor(schema)
                        .identity("event_type")
                        .hour("window_start")
                        .build();
        Map<String, String> properties = Map.of("warehouse", dir.toUri().toString());
        CatalogLoader loader =
                CatalogLoader.hadoop(
                        "lake", new org.apache.hadoop.conf.Configuration(), properties);
        TableIdentifier id = TableIdentifier.of(Namespace.of("db"), "aggregates");
        try (HadoopCatalog catalog = (HadoopCatalog) loader.loadCatalog()) {
            catalog.createTable(id, schema, partitions);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        TypeInformation<RowData> rows = InternalTypeInfo.of(FlinkSchemaUtil.convert(schema));
        IcebergSink.forRowData(
                        env.fromSequence(0, ROWS - 1)
                                .map(
                                        i ->
                                                (RowData)
                                                        GenericRowData.of(
                                                                TimestampData.fromEpochMillis(
                                                                        T0 + i * 1_000),
                                                                StringData.fromString(
                                                                        "type_" + (i % 4)),
                                                                i),
                                        rows))
                .tableLoader(TableLoader.fromCatalog(loader, id))
                .append();
        env.execute("iceberg runtime on Flink 2.2");

        try (HadoopCatalog catalog = (HadoopCatalog) loader.loadCatalog()) {
            Table table = catalog.loadTable(id);
            List<Long> counts = new ArrayList<>();
            try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
                read.forEach(r -> counts.add((Long) r.getField("event_count")));
            }
            assertThat(counts).hasSize(ROWS).doesNotHaveDuplicates();
            assertThat(counts.stream().mapToLong(Long::longValue).sum())
                    .isEqualTo((long) ROWS * (ROWS - 1) / 2);
            assertThat(table.snapshots()).isNotEmpty();
            System.out.printf(
                    "iceberg on Flink 2.2: %d rows in %d snapshots, %s%n",
                    counts.size(),
                    com.google.common.collect.Iterables.size(table.snapshots()),
                    table.currentSnapshot().summary());
        }
    }
}
