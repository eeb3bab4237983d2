package dev.streamingetl.job.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink settings the job needs to keep its exactly-once promise, and its execution environment.
 */
public final class FlinkSettings {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSettings.class);

    private static final String AWS_SDK_V1_NOTICE = "aws.java.v1.disableDeprecationAnnouncement";

    private FlinkSettings() {}

    /**
     * The environment to run on: the cluster the client points to, or an embedded one with --local.
     */
    public static StreamExecutionEnvironment environment(JobConfig config) throws ConfigException {
        return environment(config, new Configuration());
    }

    /** As {@link #environment(JobConfig)}, a local one also taking {@code flinkConf}'s settings. */
    public static StreamExecutionEnvironment environment(JobConfig config, Configuration flinkConf)
            throws ConfigException {
        if (!config.local()) {
            return StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(config));
        }
        // Locally the embedded cluster takes flink-conf's settings too, as a real one would.
        Configuration conf = new Configuration(flinkConf);
        conf.addAll(jobConfiguration(config));
        conf.set(RestOptions.PORT, config.webUiPort());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        int slots =
                config.parallelism() != null
                        ? config.parallelism()
                        : Runtime.getRuntime().availableProcessors();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, slots);
        LOG.info("Flink Web UI: http://localhost:{}", config.webUiPort());
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /**
     * The Flink configuration of this process: {@code config.yaml} in {@code FLINK_CONF_DIR} when
     * that is set (as {@code flink run} sets it), else empty. Secrets are masked when it is logged.
     */
    public static Configuration flinkConf() {
        String dir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        return dir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(dir);
    }

    /**
     * Makes file systems such as {@code s3://} usable in a local run, from the plugins in {@code
     * FLINK_PLUGINS_DIR} configured by {@code flinkConf}: what a cluster's processes do at start.
     */
    public static void initializeFileSystems(JobConfig config, Configuration flinkConf) {
        if (config.local()) {
            // The S3 plugin's AWS SDK v1 otherwise prints a deprecation notice with a stack trace.
            if (System.getProperty(AWS_SDK_V1_NOTICE) == null) {
                System.setProperty(AWS_SDK_V1_NOTICE, "true");
            }
            FileSystem.initialize(
                    flinkConf, PluginUtils.createPluginManagerFromRootFolder(flinkConf));
        }
    }

    /** Checkpointing, restarts and serialization settings, valid on any cluster. */
    public static Configuration jobConfiguration(JobConfig config) throws ConfigException {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        // Flink triggers the first checkpoint at a random time between the minimum pause and the
        // interval after the job is RUNNING, while its tasks may still deploy; such a trigger is
        // counted as failed ("Failed: 1" in the Web UI, with no failed checkpoint to show). Half
        // the interval leaves the tasks that time to start, and keeps a slow checkpoint from
        // being followed at once by the next one.
        conf.set(
                CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                config.checkpointInterval().dividedBy(2));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointPath());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(5));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        // Our functions never hold on to records, so chained operators may pass them without
        // copies.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every type of ours has explicit type information; Kryo would be slow and break savepoint
        // compatibility. Iceberg's table maintenance passes its own records (TableChange and
        // others) with Kryo, so with it on, generic types are allowed for those.
        conf.set(
                PipelineOptions.GENERIC_TYPES,
                config.writesIceberg() && config.iceberg().maintenance());
        conf.set(PipelineOptions.MAX_PARALLELISM, config.maxParallelism());
        if (config.parallelism() != null) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        }
        restorePath(config)
                .ifPresent(
                        path -> {
                            LOG.info("Resuming from {}", path);
                            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
                        });
        return conf;
    }

    /** The checkpoint or savepoint to resume from, resolving 'latest' under --checkpoint-path. */
    static Optional<String> restorePath(JobConfig config) throws ConfigException {
        if (config.restoreFrom() == null) {
            return Optional.empty();
        }
        if (!config.restoreFrom().equals("latest")) {
            return Optional.of(config.restoreFrom());
        }
        try {
            return latestCheckpoint(new Path(config.checkpointPath()));
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot list checkpoints under "
                            + config.checkpointPath()
                            + " (--checkpoint-path): "
                            + e.getMessage());
        }
    }

    /**
     * The newest completed checkpoint ({@code <job>/chk-N} with its {@code _metadata}) under {@code
     * root}.
     */
    static Optional<String> latestCheckpoint(Path root) throws IOException {
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        FileStatus newest = null;
        for (FileStatus job : list(fs, root)) {
            for (FileStatus chk : list(fs, job.getPath())) {
                if (chk.isDir() && chk.getPath().getName().startsWith("chk-")) {
                    Path metadata = new Path(chk.getPath(), "_metadata");
                    if (fs.exists(metadata)) {
                        FileStatus status = fs.getFileStatus(metadata);
                        if (newest == null
                                || status.getModificationTime() > newest.getModificationTime()) {
                            newest = status;
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(newest).map(s -> s.getPath().getParent().toString());
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        return statuses == null ? new FileStatus[0] : statuses;
    }
}
