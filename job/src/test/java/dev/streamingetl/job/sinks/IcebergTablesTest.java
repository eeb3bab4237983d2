package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.launch.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link IcebergTables}. */
class IcebergTablesTest {

    @TempDir Path dir;

    @Test
    void missingTablesAreCreatedFromTheSpecAndThenAccepted() throws Exception {
        JobConfig config = config(dir, "pipelines/orders.yaml");
        IcebergTables.prepare(config);
        Table aggregates = IcebergLakes.aggregates(dir.resolve("lake"));
        assertThat(aggregates.schema().columns().stream().map(f -> f.name()))
                .startsWith("window_start", "window_end", "shop", "event_count")
                .endsWith("amount_p95", "emitted_at");
        assertThat(aggregates.spec().fields().stream().map(f -> f.name()))
                .containsExactly("shop", "window_start_hour");
        Table raw = IcebergLakes.table(dir.resolve("raw"), IcebergTables.RAW_EVENTS);
        assertThat(raw.schema().columns().stream().map(f -> f.name()))
                .endsWith("source_partition", "source_offset");

        // Once made, the same spec's tables are accepted as they are.
        IcebergTables.prepare(config);
        assertThat(IcebergLakes.aggregates(dir.resolve("lake")).history()).isEmpty();
    }

    @Test
    void aTableThatDoesNotFitTheSpecIsRefusedInOneLine() throws Exception {
        IcebergTables.prepare(config(dir, "pipelines/orders.yaml"));
        assertThatThrownBy(() -> IcebergTables.prepare(config(dir, "pipelines/default.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "--lake-format iceberg: table etl.aggregates does not fit the pipeline"
                                + " spec: column 3 is 'shop' string required in the table, the spec"
                                + " gives 'event_type' string required (use another"
                                + " --iceberg-namespace, or drop the table)");
    }

    @Test
    void misfitNamesTheFirstColumnThatDiffers() {
        Schema wanted =
                new Schema(
                        Types.NestedField.required(1, "a", Types.LongType.get()),
                        Types.NestedField.optional(2, "b", Types.DoubleType.get()));
        assertThat(IcebergTables.misfit(wanted, wanted)).isNull();
        assertThat(
                        IcebergTables.misfit(
                                new Schema(
                                        Types.NestedField.required(7, "a", Types.LongType.get()),
                                        Types.NestedField.optional(9, "b", Types.DoubleType.get())),
                                wanted))
                .as("field ids are the table's own business")
                .isNull();
        assertThat(
                        IcebergTables.misfit(
                                new Schema(
                                        Types.NestedField.required(1, "a", Types.LongType.get())),
                                wanted))
                .isEqualTo("it lacks column 2, 'b' double optional");
        assertThat(
                        IcebergTables.misfit(
                                new Schema(
                                        Types.NestedField.required(1, "a", Types.LongType.get()),
                                        Types.NestedField.required(2, "b", Types.DoubleType.get())),
                                wanted))
                .isEqualTo(
                        "column 2 is 'b' double required in the table, the spec gives 'b' double optional");
    }

    @Test
    void anUnknownCatalogTypeNamesTheChoices() {
        assertThatThrownBy(
                        () ->
                                IcebergTables.prepare(
                                        JobConfig.parse(
                                                "--lake-format",
                                                "iceberg",
                                                "--output-path",
                                                dir.resolve("lake").toString(),
                                                "--iceberg-catalog",
                                                "catalog-type=glue")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "--iceberg-catalog catalog-type=glue is not one of hadoop, rest (or give"
                                + " catalog-impl=CLASS)");
    }

    @Test
    void theDefaultCatalogIsRefusedOnS3WithWhatToGiveInstead() {
        assertThatThrownBy(
                        () ->
                                IcebergTables.prepare(
                                        JobConfig.parse(
                                                "--lake-format",
                                                "iceberg",
                                                "--output-path",
                                                "s3://lake/aggregates")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "--lake-format iceberg on S3 needs a catalog: the default Hadoop catalog")
                .hasMessageContaining("--iceberg-catalog catalog-type=rest");
    }

    @Test
    void anUnreachableCatalogIsReportedInOneLine() throws Exception {
        int port = Ports.freePort();
        assertThatThrownBy(
                        () ->
                                IcebergTables.prepare(
                                        JobConfig.parse(
                                                "--lake-format",
                                                "iceberg",
                                                "--iceberg-catalog",
                                                "catalog-type=rest",
                                                "--iceberg-catalog",
                                                "uri=http://127.0.0.1:" + port + "/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--iceberg-catalog: the catalog cannot be opened: ")
                .hasMessageNotContaining("\n");
    }

    private static JobConfig config(Path dir, String spec) throws ConfigException {
        Path file = Path.of("..").resolve(spec);
        assertThat(Files.exists(file)).isTrue();
        return JobConfig.parse(
                "--lake-format",
                "iceberg",
                "--pipeline",
                file.toString(),
                "--output-path",
                dir.resolve("lake").toString(),
                "--raw-output-path",
                dir.resolve("raw").toString());
    }
}
