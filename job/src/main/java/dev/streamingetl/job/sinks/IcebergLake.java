package dev.streamingetl.job.sinks;

import dev.streamingetl.job.config.IcebergSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.types.Either;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * The data lake as Apache Iceberg tables, written by Iceberg's own Flink sink: data files are
 * committed as one snapshot per checkpoint once it completes, and a restored job does not commit a
 * checkpoint's files twice (Iceberg keeps the last committed checkpoint in the snapshot summary).
 */
public final class IcebergLake {

    /**
     * Snapshots are kept for a day, the last ten at least, and expired hourly: a commit per
     * checkpoint otherwise grows the table's metadata without bound. Iceberg sets no default here.
     */
    static final Map<String, String> MAINTENANCE =
            Map.of(
                    "flink-maintenance.expire-snapshots.max-snapshot-age-seconds", "86400",
                    "flink-maintenance.expire-snapshots.retain-last", "10",
                    "flink-maintenance.expire-snapshots.schedule.interval-second", "3600");

    private IcebergLake() {}

    /** The aggregate table, from the rows {@link LakeBatcher} releases. */
    public static DataStreamSink<RowData> aggregates(
            DataStream<Either<SpecAggregate, String>> batched, JobConfig config, String uid) {
        IcebergTables.Definition table = IcebergTables.aggregates(config);
        DataStream<RowData> rows =
                batched.flatMap(new IcebergRows.Aggregates(), rowType(table))
                        .setParallelism(1)
                        .name("Aggregate rows")
                        .uid(uid + "-rows");
        // One writer, as for Parquet: the batcher already made the rows few and grouped.
        return sink(rows, table, config.iceberg(), uid).writeParallelism(1).append();
    }

    /** The raw event table: every valid event, written where it was read. */
    public static DataStreamSink<RowData> rawEvents(
            DataStream<SpecEvent> events, JobConfig config, String uid) {
        IcebergTables.Definition table = IcebergTables.rawEvents(config);
        DataStream<RowData> rows =
                events.map(new IcebergRows.RawEvents(config.pipeline()), rowType(table))
                        .name("Raw event rows")
                        .uid(uid + "-rows");
        return sink(rows, table, config.iceberg(), uid).append();
    }

    private static IcebergSink.Builder sink(
            DataStream<RowData> rows,
            IcebergTables.Definition table,
            IcebergSettings settings,
            String uid) {
        IcebergSink.Builder sink =
                IcebergSink.forRowData(rows)
                        .tableLoader(TableLoader.fromCatalog(table.catalog(), table.id()))
                        // No shuffle before the writers: each writes the partitions its input
                        // holds.
                        .distributionMode(DistributionMode.NONE)
                        .uidSuffix(uid);
        if (settings.maintenance()) {
            // Iceberg's own table maintenance, after the sink's commits and in the same job, so
            // its tasks never run beside each other and need no lock.
            sink.rewriteDataFiles().expireSnapshots(MAINTENANCE);
        }
        return sink.setAll(settings.sinkOptions());
    }

    private static TypeInformation<RowData> rowType(IcebergTables.Definition table) {
        return InternalTypeInfo.of(FlinkSchemaUtil.convert(table.schema()));
    }
}
