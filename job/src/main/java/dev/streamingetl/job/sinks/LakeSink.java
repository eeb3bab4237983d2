package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.spec.PipelineSpec;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The data lake's tables: Hive-partitioned Parquet on any Flink file system, files committed on
 * checkpoint.
 */
public final class LakeSink {

    private LakeSink() {}

    /**
     * The aggregate table: its rows come from {@link LakeBatcher}, which also says when a partition
     * is complete and gets its {@code _SUCCESS} file.
     */
    public static PartitionMarkingSink<SpecAggregate> aggregates(
            String outputPath, PipelineSpec spec) {
        return new PartitionMarkingSink<>(
                files(
                        outputPath,
                        ParquetWriters.aggregates(new AggregateColumns(spec)),
                        new HivePartitionAssigner.Aggregates(spec)),
                outputPath);
    }

    /** The raw event table: every valid event, by event time. */
    public static FileSink<SpecEvent> rawEvents(String outputPath, PipelineSpec spec) {
        return files(
                outputPath, ParquetWriters.rawEvents(spec), new HivePartitionAssigner.Events(spec));
    }

    private static <T> FileSink<T> files(
            String outputPath, BulkWriter.Factory<T> format, BucketAssigner<T, String> partitions) {
        return FileSink.forBulkFormat(new Path(outputPath), format)
                .withBucketAssigner(partitions)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }
}
