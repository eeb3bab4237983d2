package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that a partition without events does not hold windows back: the job runs unbounded, one of
 * two partitions stays empty, and the window still fires and reaches the analytics topic.
 */
@ExtendWith(LocalKafkaExtension.class)
class IdlePartitionITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    private static final long T0 = 1_795_514_400_000L;

    @TempDir Path dir;

    @Test
    void windowFiresWhileAnotherPartitionIsIdle() throws Exception {
        String topic = "idle_events";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        KafkaTopics.write(
                topic,
                0,
                List.of(event(1_000), event(2_000), event(20_000)).stream()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .toList());

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
                        "1");
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        Pipeline.build(env, config);
        JobClient job = env.executeAsync("idle-it");
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

    private static String event(long offsetMs) {
        return "{\"event_id\":\"e"
                + offsetMs
                + "\",\"event_type\":\"click\",\"user_id\":\"u\",\"ts\":"
                + (T0 + offsetMs)
                + "}";
    }
}
