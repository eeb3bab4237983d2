package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that a partition without events does not hold windows back: the job runs unbounded, one of
 * two partitions stays empty, and the window still fires and reaches the analytics topic; and that
 * when such a partition comes back with events, each is counted or dead-lettered, never lost.
 */
@ExtendWith(LocalKafkaExtension.class)
class IdlePartitionITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final long T0 = 1_795_514_400_000L;

    @TempDir Path dir;

    @Test
    void windowFiresWhileAnotherPartitionIsIdle() throws Exception {
        String topic = "idle_events";
        JobClient job = startOnTwoPartitionsWithPartitionZeroHolding(topic, 1);
        try {
            var records =
                    KafkaTopics.awaitCommitted(
                            topic + "_agg", r -> !r.isEmpty(), Duration.ofSeconds(90));
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                    .contains("\"window_start\":\"2026-11-24T10:00:00.000Z\"")
                    .contains("\"event_count\":2");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void eventsOfASubtaskBackFromIdleAreCountedOrDeadLetteredWithoutARestart(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "back_from_idle";
        JobClient job = startOnTwoPartitionsWithPartitionZeroHolding(topic, 2);
        try {
            // The first window fires with the subtask of partition 1 idle ...
            KafkaTopics.awaitCommitted(topic + "_agg", r -> !r.isEmpty(), Duration.ofSeconds(90));
            // ... which then reads an event for that closed window, and two for an open one.
            KafkaTopics.write(topic, 1, bytes(event(3_000), event(21_000), event(25_000)));
            KafkaTopics.write(topic, 0, bytes(event(40_000)));
            KafkaTopics.write(topic, 1, bytes(event(40_000)));
            KafkaTopics.awaitCommitted(topic + "_agg", r -> r.size() >= 2, Duration.ofSeconds(90));
            KafkaTopics.awaitCommitted(topic + "_dlq", r -> !r.isEmpty(), Duration.ofSeconds(30));

            String bootstrap = LocalKafkaExtension.bootstrapServers();
            assertThat(Outputs.analytics(bootstrap, topic + "_agg"))
                    .isEqualTo(
                            Map.of(
                                    T0 + "|click",
                                    "2|0|null",
                                    (T0 + 20_000) + "|click",
                                    "3|0|null"));
            assertThat(Outputs.deadLetters(bootstrap, topic + "_dlq").late())
                    .containsExactly("1/0");
            assertThat(
                            cluster.getExecutionGraph(job.getJobID())
                                    .get()
                                    .getStatusTimestamp(JobStatus.RESTARTING))
                    .as("time the job last restarted (0: never)")
                    .isZero();
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Starts the job, unbounded at {@code parallelism}, on a new topic of two partitions where only
     * partition 0 holds events: two in the first window and one that closes it.
     */
    private JobClient startOnTwoPartitionsWithPartitionZeroHolding(String topic, int parallelism)
            throws Exception {
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        KafkaTopics.write(topic, 0, bytes(event(1_000), event(2_000), event(20_000)));
        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--starting-offsets",
                        "earliest",
                        "--checkpoint-interval",
                        "500ms",
                        "--idle-timeout",
                        "1s",
                        "--parallelism",
                        Integer.toString(parallelism));
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        Pipeline.build(env, config);
        return env.executeAsync(topic);
    }

    private static List<byte[]> bytes(String... events) {
        return List.of(events).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String event(long offsetMs) {
        return "{\"event_id\":\"e"
                + offsetMs
                + "\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":"
                + (T0 + offsetMs)
                + "}";
    }
}
