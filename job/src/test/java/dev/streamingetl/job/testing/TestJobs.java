package dev.streamingetl.job.testing;

import dev.streamingetl.job.Pipeline;
import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.sinks.IcebergTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The job's flags for a test: its own topics ({@code <topic>_dlq}, {@code <topic>_agg}), group,
 * prefix, lake and checkpoints; {@code extra} flags add to them or replace them. And the cluster
 * such a job runs on.
 */
public final class TestJobs {

    private TestJobs() {}

    /** A MiniCluster of one TaskManager with two slots: room for a job at parallelism 2. */
    public static MiniClusterExtension twoSlotCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    public static JobConfig config(String topic, Path dir, String... extra) throws ConfigException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--kafka-bootstrap",
                                LocalKafkaExtension.bootstrapServers(),
                                "--kafka-topic",
                                topic,
                                "--dlq-topic",
                                topic + "_dlq",
                                "--analytics-kafka-topic",
                                topic + "_agg",
                                "--group-id",
                                topic,
                                "--transactional-id-prefix",
                                topic,
                                "--output-path",
                                dir.resolve("lake").toString(),
                                "--checkpoint-path",
                                dir.resolve("checkpoints").toString()));
        int defaults = args.size();
        for (int i = 0; i < extra.length; i++) {
            // A flag given in extra replaces its default above; repeatable ones add up.
            int existing = args.subList(0, defaults).indexOf(extra[i]);
            if (existing >= 0 && extra[i].startsWith("--") && i + 1 < extra.length) {
                args.set(existing + 1, extra[++i]);
            } else {
                args.add(extra[i]);
            }
        }
        return JobConfig.parse(args.toArray(String[]::new));
    }

    /**
     * Submits the job of {@code config} to the test's cluster and returns at once; its Iceberg
     * tables are made first, as the job's main does.
     */
    public static JobClient start(JobConfig config, String name) throws Exception {
        IcebergTables.prepare(config);
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        Pipeline.build(env, config);
        return env.executeAsync(name);
    }

    /** Runs the job of {@code config} to its end (a bounded job). */
    public static void run(JobConfig config, String name) throws Exception {
        IcebergTables.prepare(config);
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        Pipeline.build(env, config);
        env.execute(name);
    }
}
