package dev.streamingetl.job.config;

import dev.streamingetl.job.config.JobConfig.LakeFormat;
import dev.streamingetl.job.config.JobConfig.Sink;
import dev.streamingetl.job.config.JobConfig.StartingOffsets;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.SpecException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The command-line definition of {@link JobConfig}: names, defaults, help and validation. */
@Command(
        name = "streaming-etl-job",
        sortOptions = false,
        usageHelpWidth = 120,
        customSynopsis = "flink run streaming-etl-job.jar [FLAG...]   (or java -cp ... --local)",
        description =
                "Kafka JSON events -> validated, event-time tumbling-window aggregates -> Parquet lake + Kafka topic, exactly once.")
final class JobFlags {

    @Option(
            names = "--kafka-bootstrap",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String kafkaBootstrap;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "A Kafka client setting for every client of the job, e.g. security.protocol=SASL_SSL; repeatable, wins over --kafka-properties-file.")
    Map<String, String> kafkaProperties;

    @Option(
            names = "--kafka-properties-file",
            paramLabel = "FILE",
            description =
                    "Kafka client settings (TLS, SASL, ...) as a Java properties file, read where the job is submitted.")
    java.nio.file.Path kafkaPropertiesFile;

    @Option(
            names = "--kafka-topic",
            defaultValue = "events",
            description = "Topic of input events (default: ${DEFAULT-VALUE}).")
    String kafkaTopic;

    @Option(
            names = "--group-id",
            defaultValue = "streaming-etl",
            description =
                    "Consumer group; offsets are committed on checkpoints (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(
            names = "--starting-offsets",
            defaultValue = "committed",
            converter = FlagConverters.Offsets.class,
            description =
                    "earliest, latest or committed (the group's offsets, else earliest); used when no checkpoint is restored (default: ${DEFAULT-VALUE}).")
    StartingOffsets startingOffsets;

    @Option(
            names = "--dlq-topic",
            defaultValue = "events_dlq",
            description =
                    "Dead-letter topic for rejected and late records (default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(
            names = "--analytics-kafka-topic",
            defaultValue = "events_agg_rt",
            description = "Topic of window aggregates as JSON (default: ${DEFAULT-VALUE}).")
    String analyticsTopic;

    @Option(
            names = "--transactional-id-prefix",
            defaultValue = "streaming-etl",
            description =
                    "Prefix of the Kafka transactional ids; unique per job on a cluster (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(
            names = "--dead-letters",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Write rejected and late records to --dlq-topic; turn off in the second job of a two-job split (default: on).")
    boolean deadLetters;

    @Option(
            names = "--create-topics",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Create missing output topics (--dlq-topic, --analytics-kafka-topic) with the broker's default partitions and replication; the input topic is never created (default: on).")
    boolean createTopics;

    @Option(
            names = "--output-path",
            defaultValue = "./data/lake",
            description = "Data lake root, any Flink file system URI (default: ${DEFAULT-VALUE}).")
    String outputPath;

    @Option(
            names = "--lake-flush-interval",
            defaultValue = "15m",
            converter = FlagConverters.Durations.class,
            description =
                    "Lake rows are written at most this often, and when the watermark closes their hour, which also gets a _SUCCESS file; 0s writes on every checkpoint (default: ${DEFAULT-VALUE}).")
    Duration lakeFlushInterval;

    @Option(
            names = "--raw-output-path",
            description =
                    "Also keep every valid event as zstd Parquet under this root, partitioned like the lake (default: off).")
    String rawOutputPath;

    @Option(
            names = "--sinks",
            defaultValue = "lake,analytics",
            split = ",",
            converter = FlagConverters.Sinks.class,
            description =
                    "Outputs of the aggregates: lake, analytics or both (default: ${DEFAULT-VALUE}).")
    List<Sink> sinks;

    @Option(
            names = "--lake-format",
            defaultValue = "parquet",
            converter = FlagConverters.LakeFormats.class,
            description =
                    "parquet (Hive-partitioned files with _SUCCESS marks) or iceberg (Apache Iceberg tables, one snapshot per checkpoint) (default: ${DEFAULT-VALUE}).")
    LakeFormat lakeFormat;

    @Option(
            names = "--iceberg-catalog",
            paramLabel = "KEY=VALUE",
            description =
                    "With --lake-format iceberg: a property of the catalog that holds the tables, in Iceberg's names (catalog-type=hadoop|rest or catalog-impl=CLASS, e.g. org.apache.iceberg.jdbc.JdbcCatalog, uri, warehouse, io-impl, ...); repeatable (default: a Hadoop catalog whose warehouse is --output-path, and --raw-output-path for the raw table).")
    Map<String, String> icebergCatalog;

    @Option(
            names = "--iceberg-sink-option",
            paramLabel = "KEY=VALUE",
            description =
                    "With --lake-format iceberg: an option of Iceberg's Flink sink, in Iceberg's names (target-file-size-bytes, flink-maintenance.rewrite.schedule.interval-second, flink-maintenance.expire-snapshots.max-snapshot-age-seconds, ...); repeatable.")
    Map<String, String> icebergSinkOptions;

    @Option(
            names = "--iceberg-maintenance",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "With --lake-format iceberg: compact small data files and expire old snapshots after commits, with Iceberg's own Flink table maintenance (default: on).")
    boolean icebergMaintenance;

    @Option(
            names = "--iceberg-namespace",
            defaultValue = IcebergSettings.DEFAULT_NAMESPACE,
            description =
                    "With --lake-format iceberg: the namespace of the tables <namespace>.aggregates and <namespace>.raw_events (default: ${DEFAULT-VALUE}).")
    String icebergNamespace;

    @Option(
            names = "--pipeline",
            paramLabel = "FILE",
            description =
                    "Pipeline spec: the events' fields and rules, and what to aggregate (default: the data contract, pipelines/default.yaml).")
    java.nio.file.Path pipeline;

    @Option(
            names = "--window",
            converter = FlagConverters.Durations.class,
            description =
                    "Tumbling window size, e.g. 500ms, 10s, 1m, 1h (default: the spec's window, else 10s).")
    Duration window;

    @Option(
            names = "--max-out-of-orderness",
            defaultValue = "5s",
            converter = FlagConverters.Durations.class,
            description = "Watermark delay behind the newest event (default: ${DEFAULT-VALUE}).")
    Duration maxOutOfOrderness;

    @Option(
            names = "--idle-timeout",
            defaultValue = "30s",
            converter = FlagConverters.Durations.class,
            description =
                    "A partition without events this long stops holding the watermark back (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(
            names = "--allowed-lateness",
            defaultValue = "0s",
            converter = FlagConverters.Durations.class,
            description =
                    "How long after the watermark passes a window's end its events are still counted; later ones go to the DLQ (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "1048576",
            description =
                    "Larger record values go to the DLQ as oversized_record (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "10s",
            converter = FlagConverters.Durations.class,
            description =
                    "Exactly-once checkpoint interval; lake files and Kafka transactions commit on checkpoints (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoint-path",
            defaultValue = "./data/checkpoints",
            description =
                    "Checkpoint storage, any Flink file system URI (default: ${DEFAULT-VALUE}).")
    String checkpointPath;

    @Option(
            names = "--restore-from",
            description =
                    "Checkpoint or savepoint to resume from, or 'latest' for the newest under --checkpoint-path (none if there is none).")
    String restoreFrom;

    @Option(
            names = "--parallelism",
            description = "Parallelism of every operator (default: the cluster's).")
    Integer parallelism;

    @Option(
            names = "--max-parallelism",
            defaultValue = "128",
            description =
                    "Upper bound for rescaling from a checkpoint; never change it on a running pipeline (default: ${DEFAULT-VALUE}).")
    int maxParallelism;

    @Option(
            names = "--bounded",
            description =
                    "Read up to the offsets that are latest at start, fire every window, commit both sinks and finish.")
    boolean bounded;

    @Option(
            names = "--local",
            description =
                    "Run on an embedded Flink with its Web UI instead of the cluster the client points to.")
    boolean local;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description = "With --local: port of the Flink Web UI (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show the flags and exit.")
    boolean help;

    /** The window of a spec that names none, without --window. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    static JobConfig parse(String... args) throws ConfigException {
        JobFlags flags = new JobFlags();
        CommandLine cli = new CommandLine(flags);
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            throw new ConfigException(e.getMessage());
        }
        return flags.validate();
    }

    /** The usage text, for --help. */
    static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(new JobFlags()).usage(new PrintWriter(text));
        return text.toString();
    }

    private JobConfig validate() throws ConfigException {
        require(window == null || window.toMillis() > 0, "--window must be positive");
        require(!maxOutOfOrderness.isNegative(), "--max-out-of-orderness must not be negative");
        require(
                !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "--idle-timeout must be positive");
        require(!allowedLateness.isNegative(), "--allowed-lateness must not be negative");
        require(!lakeFlushInterval.isNegative(), "--lake-flush-interval must not be negative");
        require(
                rawOutputPath == null || !rawOutputPath.isBlank(),
                "--raw-output-path must not be empty");
        require(checkpointInterval.toMillis() >= 10, "--checkpoint-interval must be at least 10ms");
        require(maxRecordBytes > 0, "--max-record-bytes must be positive");
        require(parallelism == null || parallelism > 0, "--parallelism must be positive");
        require(
                maxParallelism > 0 && maxParallelism <= 32768,
                "--max-parallelism must be 1..32768");
        require(
                parallelism == null || parallelism <= maxParallelism,
                "--parallelism must not exceed --max-parallelism");
        require(webUiPort > 0 && webUiPort < 65536, "--web-ui-port must be 1..65535");
        requireNotBlank(kafkaBootstrap, "--kafka-bootstrap");
        requireNotBlank(kafkaTopic, "--kafka-topic");
        requireNotBlank(groupId, "--group-id");
        requireNotBlank(dlqTopic, "--dlq-topic");
        requireNotBlank(analyticsTopic, "--analytics-kafka-topic");
        requireNotBlank(transactionalIdPrefix, "--transactional-id-prefix");
        requireNotBlank(outputPath, "--output-path");
        requireNotBlank(checkpointPath, "--checkpoint-path");
        require(
                icebergCatalog == null || lakeFormat == LakeFormat.ICEBERG,
                "--iceberg-catalog needs --lake-format iceberg");
        require(
                icebergSinkOptions == null || lakeFormat == LakeFormat.ICEBERG,
                "--iceberg-sink-option needs --lake-format iceberg");
        require(
                icebergNamespace
                        .strip()
                        .matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*"),
                "--iceberg-namespace must be names of letters, digits and _ joined by dots");
        PipelineSpec spec = pipelineSpec();
        Duration effectiveWindow =
                window != null ? window : spec.window() != null ? spec.window() : DEFAULT_WINDOW;
        return JobConfig.builder()
                .kafkaBootstrap(kafkaBootstrap.strip())
                .kafkaProperties(KafkaProperties.of(kafkaPropertiesFile, kafkaProperties))
                .kafkaTopic(kafkaTopic.strip())
                .groupId(groupId.strip())
                .startingOffsets(startingOffsets)
                .dlqTopic(dlqTopic.strip())
                .analyticsTopic(analyticsTopic.strip())
                .transactionalIdPrefix(transactionalIdPrefix.strip())
                .deadLetters(deadLetters)
                .createTopics(createTopics)
                .outputPath(toUri(outputPath))
                .lakeFlushInterval(lakeFlushInterval)
                .rawOutputPath(rawOutputPath == null ? null : toUri(rawOutputPath))
                .sinks(java.util.Collections.unmodifiableSet(EnumSet.copyOf(sinks)))
                .lakeFormat(lakeFormat)
                .iceberg(
                        new IcebergSettings(
                                icebergNamespace.strip(),
                                icebergCatalog == null ? Map.of() : icebergCatalog,
                                icebergSinkOptions == null ? Map.of() : icebergSinkOptions,
                                icebergMaintenance))
                .maxOutOfOrderness(maxOutOfOrderness)
                .idleTimeout(idleTimeout)
                .allowedLateness(allowedLateness)
                .maxRecordBytes(maxRecordBytes)
                .checkpointInterval(checkpointInterval)
                .checkpointPath(toUri(checkpointPath))
                .restoreFrom(
                        restoreFrom == null || restoreFrom.equals("latest")
                                ? restoreFrom
                                : toUri(restoreFrom))
                .parallelism(parallelism)
                .maxParallelism(maxParallelism)
                .bounded(bounded)
                .local(local)
                .webUiPort(webUiPort)
                .pipeline(spec.withWindow(effectiveWindow))
                .build();
    }

    /**
     * A URI Flink accepts on any machine: a path without a scheme is a local one, resolved against
     * the working directory of the client.
     */
    static String toUri(String path) {
        String p = path.strip();
        if (p.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
            return p;
        }
        return java.nio.file.Path.of(p).toAbsolutePath().normalize().toUri().toString();
    }

    private PipelineSpec pipelineSpec() throws ConfigException {
        if (pipeline == null) {
            return PipelineSpec.defaultSpec();
        }
        try {
            return PipelineSpec.load(pipeline);
        } catch (SpecException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static void require(boolean ok, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(message);
        }
    }

    private static void requireNotBlank(String value, String flag) throws ConfigException {
        require(value != null && !value.isBlank(), flag + " must not be empty");
    }
}
