package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake partition that cannot be written (a file stands where its folder must go): the job fails
 * the checkpoint, restarts and retries, and commits nothing meanwhile, not even the partitions it
 * could write; once the path is writable again it catches up with an exact lake and no unfinished
 * file is left behind.
 */
@ExtendWith(LocalKafkaExtension.class)
class LakeFaultITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    private static final long T0 = 1_795_514_400_000L;

    @TempDir Path dir;

    @Test
    void anUnwritablePartitionMeansRetriesAndNoPartialFilesThenAnExactLake(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "lake_fault_events";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 1, topic + "_dlq", 1, topic + "_agg", 1));
        List<byte[]> events = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            String type = i % 2 == 0 ? "click" : "view";
            long ts = T0 + i * 50L;
            events.add(event("e" + i, type, ts));
            counts.computeIfAbsent((ts - ts % 10_000) + "|" + type, k -> new long[1])[0]++;
        }
        // Moves the watermark past every window above; its own window stays open.
        events.add(event("closer", "view", T0 + 3_600_000L));
        counts.forEach((k, c) -> expected.put(k, c[0] + "|" + c[0] + "|" + sum(c[0])));
        KafkaTopics.write(topic, 0, events);

        Path lake = dir.resolve("lake");
        Path obstacle = Files.createDirectories(lake).resolve("event_type=click");
        Files.writeString(obstacle, "a file where the job needs a folder");

        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--starting-offsets",
                        "earliest",
                        "--checkpoint-interval",
                        "1s",
                        "--lake-flush-interval",
                        "0s",
                        "--parallelism",
                        "1");
        JobClient job = TestJobs.start(config, "lake-fault-it");
        try {
            Await.until(
                    "the job to fail on the unwritable partition and restart",
                    Duration.ofSeconds(60),
                    () -> restartedAt(cluster, job) > 0);
            assertThat(committedFiles(lake))
                    .as("files committed while a partition failed")
                    .isEmpty();

            Files.delete(obstacle);
            Await.until(
                    "every window in the lake once the partition is writable",
                    Duration.ofSeconds(120),
                    () -> {
                        try {
                            return Outputs.lake(lake).keySet().containsAll(expected.keySet());
                        } catch (Exception notYet) {
                            return false;
                        }
                    });
            assertThat(Outputs.lake(lake)).isEqualTo(expected);
            Await.until(
                    "no unfinished file left by the failed attempts",
                    Duration.ofSeconds(60),
                    () -> unfinishedFiles(lake) == 0);
        } finally {
            job.cancel().get();
        }
    }

    private static long restartedAt(MiniCluster cluster, JobClient job) {
        try {
            return cluster.getExecutionGraph(job.getJobID())
                    .get()
                    .getStatusTimestamp(JobStatus.RESTARTING);
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<Path> committedFiles(Path lake) throws Exception {
        try (Stream<Path> files = Files.walk(lake)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList();
        }
    }

    private static long unfinishedFiles(Path lake) {
        try (Stream<Path> files = Files.walk(lake)) {
            return files.filter(p -> p.getFileName().toString().contains(".inprogress")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String sum(long count) {
        return String.format(java.util.Locale.ROOT, "%.6f", 1.5 * count);
    }

    private static byte[] event(String id, String type, long ts) {
        return ("{\"event_id\":\""
                        + id
                        + "\",\"event_type\":\""
                        + type
                        + "\",\"user_id\":\"u"
                        + (ts % 7)
                        + "\",\"ts\":"
                        + ts
                        + ",\"value\":1.5}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
