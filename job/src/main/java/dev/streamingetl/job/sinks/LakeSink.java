package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.WindowAggregate;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The data lake: Hive-partitioned Parquet on any Flink file system, files committed on checkpoint.
 */
public final class LakeSink {

    private LakeSink() {}

    public static FileSink<WindowAggregate> create(String outputPath) {
        return FileSink.forBulkFormat(new Path(outputPath), WindowAggregateParquet.writerFactory())
                .withBucketAssigner(new HivePartitionAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }
}
