package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.sinks.IcebergTables;
import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.job.testing.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineITCase} with {@code --lake-format iceberg} and the raw table on: the same fixed
 * dataset, the same topic and dead letters (inherited tests), and Iceberg tables in Hadoop catalogs
 * on the lake's paths that Iceberg's Java API and DuckDB (on the current snapshot's data files)
 * read back as exactly the same aggregates.
 */
class IcebergPipelineITCase extends PipelineITCase {

    @Override
    String topic() {
        return "iceberg_pipeline_events";
    }

    @Override
    List<String> storageFlags() {
        return List.of(
                "--lake-format",
                "iceberg",
                "--lake-flush-interval",
                "0s",
                "--raw-output-path",
                dir.resolve("raw").toString());
    }

    @Override
    @Test
    void lakeHoldsExactlyTheExpectedAggregates() throws Exception {
        Table table = table(IcebergTables.AGGREGATES);
        List<String> rows =
                IcebergLakes.read(table).stream()
                        .map(
                                r ->
                                        IcebergLakes.millis(r, "window_start")
                                                + "|"
                                                + IcebergLakes.millis(r, "window_end")
                                                + "|"
                                                + valuesFrom(r, 2))
                        .sorted()
                        .toList();
        assertThat(rows).containsExactlyElementsOf(AGGREGATES);

        // The data files of the current snapshot, read by another Parquet reader.
        List<String> files = readableDataFiles(table);
        assertThat(
                        Lake.query(
                                "SELECT epoch_ms(window_start), epoch_ms(window_end), event_type, event_count,"
                                        + " unique_users, value_count, value_sum, value_min, value_max, value_avg,"
                                        + " value_p50, value_p95, value_p99 FROM read_parquet("
                                        + IcebergLakes.sqlList(files)
                                        + ") ORDER BY 1, 3"))
                .containsExactlyElementsOf(AGGREGATES);
    }

    @Override
    @Test
    void lakeFilesHaveTheContractSchemaAndNoUnfinishedFiles() throws Exception {
        Table table = table(IcebergTables.AGGREGATES);
        assertThat(table.schema().columns().stream().map(f -> f.name() + " " + f.type()))
                .containsExactly(
                        "window_start timestamptz",
                        "window_end timestamptz",
                        "event_type string",
                        "event_count long",
                        "unique_users long",
                        "value_count long",
                        "value_sum double",
                        "value_min double",
                        "value_max double",
                        "value_avg double",
                        "value_p50 double",
                        "value_p95 double",
                        "value_p99 double",
                        "emitted_at timestamptz");
        assertThat(table.spec().fields().stream().map(f -> f.name() + " " + f.transform()))
                .containsExactly("event_type identity", "window_start_hour hour");

        // One snapshot per committed checkpoint: each names a later checkpoint than the one before.
        List<Long> checkpoints = IcebergLakes.committedCheckpoints(table);
        assertThat(checkpoints).isNotEmpty().isSorted().doesNotHaveDuplicates();

        // Every data file stored is one the table references: nothing unfinished or orphaned.
        Set<String> referenced =
                IcebergLakes.dataFiles(table).stream()
                        .map(IcebergPipelineITCase::fileName)
                        .collect(Collectors.toSet());
        assertThat(
                        storedFiles("lake").stream()
                                .filter(f -> f.contains("/etl/aggregates/data/"))
                                .map(IcebergPipelineITCase::fileName)
                                .collect(Collectors.toSet()))
                .isEqualTo(referenced);
        assertThat(referenced).allMatch(n -> n.endsWith(".parquet"));
        assertThat(storedFiles("lake")).noneMatch(f -> f.endsWith("_SUCCESS"));
    }

    /** A table of the job, read with Iceberg's own API. */
    Table table(String name) {
        return IcebergLakes.table(dir.resolve(name.equals("raw_events") ? "raw" : "lake"), name);
    }

    /** The data files of the table's current snapshot, as local files for DuckDB. */
    List<String> readableDataFiles(Table table) throws Exception {
        return IcebergLakes.dataFiles(table);
    }

    /** Every file stored under the test's folder {@code root}, hidden ones left out. */
    List<String> storedFiles(String root) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve(root))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(Path::toString)
                    .toList();
        }
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void rawTableHoldsEveryValidEventOnceWithItsOrigin() throws Exception {
        Table table = table(IcebergTables.RAW_EVENTS);
        List<String> rows =
                IcebergLakes.read(table).stream()
                        .map(
                                r ->
                                        r.getField("source_offset")
                                                + " "
                                                + r.getField("event_id")
                                                + " "
                                                + r.getField("event_type")
                                                + " "
                                                + (IcebergLakes.millis(r, "ts") - T0)
                                                + " "
                                                + r.getField("value"))
                        .sorted(
                                java.util.Comparator.comparingLong(
                                        s -> Long.parseLong(s.substring(0, s.indexOf(' ')))))
                        .toList();
        assertThat(rows)
                .containsExactly(
                        "0 e0 page_view 1000 10.0",
                        "1 e1 page_view 2000 20.0",
                        "2 e2 click 3000 null",
                        "3 e3 page_view 12000 30.0",
                        "4 e4 page_view 4000 40.0",
                        "5 e5 click 5500 null",
                        "11 e11 page_view 16000 50.0",
                        "12 e12 page_view 9000 60.0",
                        "13 e13 click 21000 null",
                        "18 e18 click 22000 7.0");
        Record e18 =
                IcebergLakes.read(table).stream()
                        .filter(r -> "e18".equals(r.getField("event_id")))
                        .findFirst()
                        .orElseThrow();
        assertThat(e18.getField("properties")).isEqualTo("{\"a\":[1,{\"b\":2}]}");
        assertThat(table.spec().fields().stream().map(f -> f.name() + " " + f.transform()))
                .containsExactly("event_type identity", "ts_hour hour");
        for (Snapshot s : table.snapshots()) {
            if ("append".equals(s.operation())) {
                assertThat(s.summary()).containsKey("flink.max-committed-checkpoint-id");
            }
        }
    }

    private static String valuesFrom(Record r, int first) {
        StringBuilder row = new StringBuilder();
        for (int i = first; i < r.size() - 1; i++) {
            row.append(i > first ? "|" : "").append(r.get(i));
        }
        return row.toString();
    }
}
