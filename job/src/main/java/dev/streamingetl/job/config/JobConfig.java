package dev.streamingetl.job.config;

import dev.streamingetl.job.functions.TumblingWindows;
import dev.streamingetl.spec.PipelineSpec;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the job is told on its command line, validated and immutable; {@code pipeline} is the
 * spec it runs, with the window the job uses. The flags, their defaults and help are defined once,
 * in {@link JobFlags} ({@code --help} prints them; FlagsDocTest holds docs/operations.md to them).
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

    /**
     * Names every value it sets, so that no two of the many strings, durations and flags can trade
     * places unnoticed as they could in the record's constructor.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobConfig}; a value not set is null, false or 0. */
    public static final class Builder {
        private String kafkaBootstrap;
        private KafkaProperties kafkaProperties;
        private String kafkaTopic;
        private String groupId;
        private StartingOffsets startingOffsets;
        private String dlqTopic;
        private String analyticsTopic;
        private String transactionalIdPrefix;
        private boolean deadLetters;
        private boolean createTopics;
        private String outputPath;
        private Duration lakeFlushInterval;
        private String rawOutputPath;
        private Set<Sink> sinks;
        private LakeFormat lakeFormat;
        private IcebergSettings iceberg;
        private Duration maxOutOfOrderness;
        private Duration idleTimeout;
        private Duration allowedLateness;
        private int maxRecordBytes;
        private Duration checkpointInterval;
        private String checkpointPath;
        private String restoreFrom;
        private Integer parallelism;
        private int maxParallelism;
        private boolean bounded;
        private boolean local;
        private int webUiPort;
        private PipelineSpec pipeline;

        private Builder() {}

        public Builder kafkaBootstrap(String kafkaBootstrap) {
            this.kafkaBootstrap = kafkaBootstrap;
            return this;
        }

        public Builder kafkaProperties(KafkaProperties kafkaProperties) {
            this.kafkaProperties = kafkaProperties;
            return this;
        }

        public Builder kafkaTopic(String kafkaTopic) {
            this.kafkaTopic = kafkaTopic;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder startingOffsets(StartingOffsets startingOffsets) {
            this.startingOffsets = startingOffsets;
            return this;
        }

        public Builder dlqTopic(String dlqTopic) {
            this.dlqTopic = dlqTopic;
            return this;
        }

        public Builder analyticsTopic(String analyticsTopic) {
            this.analyticsTopic = analyticsTopic;
            return this;
        }

        public Builder transactionalIdPrefix(String transactionalIdPrefix) {
            this.transactionalIdPrefix = transactionalIdPrefix;
            return this;
        }

        public Builder deadLetters(boolean deadLetters) {
            this.deadLetters = deadLetters;
            return this;
        }

        public Builder createTopics(boolean createTopics) {
            this.createTopics = createTopics;
            return this;
        }

        public Builder outputPath(String outputPath) {
            this.outputPath = outputPath;
            return this;
        }

        public Builder lakeFlushInterval(Duration lakeFlushInterval) {
            this.lakeFlushInterval = lakeFlushInterval;
            return this;
        }

        public Builder rawOutputPath(String rawOutputPath) {
            this.rawOutputPath = rawOutputPath;
            return this;
        }

        public Builder sinks(Set<Sink> sinks) {
            this.sinks = sinks;
            return this;
        }

        public Builder lakeFormat(LakeFormat lakeFormat) {
            this.lakeFormat = lakeFormat;
            return this;
        }

        public Builder iceberg(IcebergSettings iceberg) {
            this.iceberg = iceberg;
            return this;
        }

        public Builder maxOutOfOrderness(Duration maxOutOfOrderness) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder allowedLateness(Duration allowedLateness) {
            this.allowedLateness = allowedLateness;
            return this;
        }

        public Builder maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        public Builder checkpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        public Builder checkpointPath(String checkpointPath) {
            this.checkpointPath = checkpointPath;
            return this;
        }

        public Builder restoreFrom(String restoreFrom) {
            this.restoreFrom = restoreFrom;
            return this;
        }

        public Builder parallelism(Integer parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder maxParallelism(int maxParallelism) {
            this.maxParallelism = maxParallelism;
            return this;
        }

        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        public Builder local(boolean local) {
            this.local = local;
            return this;
        }

        public Builder webUiPort(int webUiPort) {
            this.webUiPort = webUiPort;
            return this;
        }

        public Builder pipeline(PipelineSpec pipeline) {
            this.pipeline = pipeline;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(
                    kafkaBootstrap,
                    kafkaProperties,
                    kafkaTopic,
                    groupId,
                    startingOffsets,
                    dlqTopic,
                    analyticsTopic,
                    transactionalIdPrefix,
                    deadLetters,
                    createTopics,
                    outputPath,
                    lakeFlushInterval,
                    rawOutputPath,
                    sinks,
                    lakeFormat,
                    iceberg,
                    maxOutOfOrderness,
                    idleTimeout,
                    allowedLateness,
                    maxRecordBytes,
                    checkpointInterval,
                    checkpointPath,
                    restoreFrom,
                    parallelism,
                    maxParallelism,
                    bounded,
                    local,
                    webUiPort,
                    pipeline);
        }
    }
}
