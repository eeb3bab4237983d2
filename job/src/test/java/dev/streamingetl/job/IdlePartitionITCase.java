package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.FlinkMetrics;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.TestJobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that a partition without events does not hold windows back: the job runs unbounded, one of
 * two partitions stays empty, and the window still fires and reaches the analytics topic; that when
 * such a partition comes back with events, each is pre-aggregated and counted or dead-lettered,
 * never lost; and that {@code flink stop --drain} fires the windows still open.
 */
@ExtendWith(LocalKafkaExtension.class)
class IdlePartitionITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final long T0 = 1_795_514_400_000L;
    private static final int BACK = 1_000;

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
    void aSubtaskBackFromIdleKeepsPreAggregatingAndCountsExactlyWithoutARestart(
            @InjectMiniCluster MiniCluster cluster, @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        String topic = "back_from_idle";
        JobClient job = startOnTwoPartitionsWithPartitionZeroHolding(topic, 2);
        try {
            // The first window fires while the subtask of partition 1 is idle ...
            KafkaTopics.awaitCommitted(topic + "_agg", r -> !r.isEmpty(), Duration.ofSeconds(90));
            // ... which then reads an event for that closed window, and many for open ones,
            // while partition 0 stays quiet until one event closes them. (Events of partition 0
            // in between would be late by the same rule as Flink's own for idle inputs: while it
            // is idle, the subtask of partition 1 moves the windows on.)
            List<String> one = new ArrayList<>(List.of(event(3_000), event(21_000)));
            for (int i = 0; i < BACK; i++) {
                one.add(event(22_000 + i * 20L));
            }
            one.add(event(80_000));
            KafkaTopics.write(topic, 1, bytes(one.toArray(String[]::new)));
            KafkaTopics.write(topic, 0, bytes(event(80_000)));
            // Windows 20 s .. 60 s: partition 0's event at 20 s and partition 1's.
            Map<String, String> expected = new TreeMap<>();
            expected.put(T0 + "|click", "2|0|null");
            long[] counts = new long[7];
            counts[2] = 2; // 20_000 (partition 0) and 21_000 (partition 1)
            for (int i = 0; i < BACK; i++) {
                counts[(int) ((22_000 + i * 20L) / 10_000)]++;
            }
            for (int w = 2; w < counts.length; w++) {
                if (counts[w] > 0) {
                    expected.put((T0 + w * 10_000L) + "|click", counts[w] + "|0|null");
                }
            }
            KafkaTopics.awaitCommitted(
                    topic + "_agg", r -> r.size() >= expected.size(), Duration.ofSeconds(90));
            KafkaTopics.awaitCommitted(topic + "_dlq", r -> !r.isEmpty(), Duration.ofSeconds(30));

            String bootstrap = LocalKafkaExtension.bootstrapServers();
            assertThat(new TreeMap<>(Outputs.analytics(bootstrap, topic + "_agg")))
                    .isEqualTo(expected);
            assertThat(Outputs.deadLetters(bootstrap, topic + "_dlq").late())
                    .containsExactly("1/0");
            // Every event but the late one went into a partial, on both subtasks; none was sent
            // to the window operator on its own.
            long partitionZero = 3 + 1;
            long partitionOne = one.size() - 1;
            Await.until(
                    "both subtasks' metrics to show every event pre-aggregated",
                    Duration.ofSeconds(60),
                    () ->
                            preAggregated(client, job)
                                    .equals(
                                            List.of(partitionZero, partitionOne).stream()
                                                    .sorted()
                                                    .toList()));
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

    @Test
    void stopWithDrainFiresTheLastWindowsOfIdleSources() throws Exception {
        String topic = "drain_idle";
        JobClient job = startOnTwoPartitionsWithPartitionZeroHolding(topic, 2);
        // The first window fires; the one of 20 s stays open, and both sources fall idle.
        KafkaTopics.awaitCommitted(topic + "_agg", r -> !r.isEmpty(), Duration.ofSeconds(90));
        job.stopWithSavepoint(
                        true,
                        dir.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        assertThat(Outputs.analytics(LocalKafkaExtension.bootstrapServers(), topic + "_agg"))
                .isEqualTo(Map.of(T0 + "|click", "2|0|null", (T0 + 20_000) + "|click", "1|0|null"));
    }

    /** The {@code eventsPreAggregated} metric of each subtask, in ascending order. */
    private static List<Long> preAggregated(ClusterClient<?> client, JobClient job) {
        try {
            return FlinkMetrics.perSubtask(
                            client.getWebInterfaceURL(),
                            job.getJobID(),
                            "Kafka events",
                            "eventsPreAggregated")
                    .stream()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
        return TestJobs.start(config, topic);
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
