package dev.streamingetl.job.config;

import dev.streamingetl.job.functions.TumblingWindows;
import dev.streamingetl.spec.PipelineSpec;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the job is told on its command line, validated and immutable; {@code pipeline} is the
 * spec it runs, with the window the job uses. The flags, their defaults and help are defined once,
 * in {@link JobFlags} ({@code --help} prints them; a test holds the README's table to them).
 */
public record JobConfig(
        String kafkaBootstrap,
        KafkaProperties kafkaProperties,
        String kafkaTopic,
        String groupId,
        StartingOffsets startingOffsets,
        String dlqTopic,
        String analyticsTopic,
        String transactionalIdPrefix,
        boolean deadLetters,
        boolean createTopics,
        String outputPath,
        Duration lakeFlushInterval,
        String rawOutputPath,
        Set<Sink> sinks,
        LakeFormat lakeFormat,
        IcebergSettings iceberg,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Duration allowedLateness,
        int maxRecordBytes,
        Duration checkpointInterval,
        String checkpointPath,
        String restoreFrom,
        Integer parallelism,
        int maxParallelism,
        boolean bounded,
        boolean local,
        int webUiPort,
        PipelineSpec pipeline) {

    /** Where the job starts reading when it has no checkpoint to restore from. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        /** The group's committed offsets; partitions without one start at the earliest. */
        COMMITTED
    }

    /** The outputs the aggregates can be written to. */
    public enum Sink {
        LAKE,
        ANALYTICS
    }

    /** How the lake's tables are written. */
    public enum LakeFormat {
        /** Hive-partitioned Parquet files with {@code _SUCCESS} marks. */
        PARQUET,
        /** Apache Iceberg tables, one snapshot per checkpoint. */
        ICEBERG
    }

    /** Parses command-line flags; a bad one raises {@link ConfigException} naming it. */
    public static JobConfig parse(String... args) throws ConfigException {
        return JobFlags.parse(args);
    }

    /** True if the arguments ask for the usage text instead of a run. */
    public static boolean isHelpRequest(String... args) {
        return java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"));
    }

    /** Every flag with its default, as {@code --help} prints it. */
    public static String usage() {
        return JobFlags.usage();
    }

    /** The tumbling window the job runs: {@code --window}, else the spec's, else 10 s. */
    public Duration window() {
        return pipeline.window();
    }

    /** The windows the job runs, with their allowed lateness: when each opens and closes. */
    public TumblingWindows windows() {
        return TumblingWindows.of(window(), allowedLateness);
    }

    public boolean writesLake() {
        return sinks.contains(Sink.LAKE);
    }

    public boolean writesIceberg() {
        return lakeFormat == LakeFormat.ICEBERG;
    }

    public boolean writesAnalytics() {
        return sinks.contains(Sink.ANALYTICS);
    }
}
