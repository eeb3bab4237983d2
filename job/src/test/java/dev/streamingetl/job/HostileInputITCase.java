package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.testing.HostileRecords;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * A burst of hostile records (truncated, not UTF-8, not objects, 10,000 levels deep, oversized,
 * ill-typed, out of range, duplicate keys, tombstones) mixed with good events, through the real
 * broker and a MiniCluster: the good ones are aggregated exactly, every hostile one is in the
 * dead-letter topic once with its reason, and the job never restarts.
 */
@ExtendWith(LocalKafkaExtension.class)
class HostileInputITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GOOD = 8_000;
    private static final int HOSTILE = 1_000;
    private static final int MAX_RECORD_BYTES = 100_000;

    @TempDir Path dir;

    @Test
    void goodEventsAreCountedExactlyAndEveryHostileRecordIsDeadLettered(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "hostile_events";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        EventGenerator generator = new EventGenerator(10, 1_000, 0, 0, 5);
        List<byte[]> hostile = HostileRecords.rejected(HOSTILE, 2 * MAX_RECORD_BYTES);
        List<List<byte[]>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        Set<String> hostileOrigins = new HashSet<>();
        Map<String, Event> good = new HashMap<>();
        EventParser parser = new EventParser(MAX_RECORD_BYTES);
        int h = 0;
        for (int i = 0; i < GOOD; i++) {
            int p = i % 2;
            byte[] event = generator.next(HostileRecords.T0 + i * 5L).value();
            good.put(p + "/" + partitions.get(p).size(), parser.parse(event, p, 0));
            partitions.get(p).add(event);
            if (i % 7 == 3 && h < HOSTILE) {
                hostileOrigins.add(p + "/" + partitions.get(p).size());
                partitions.get(p).add(hostile.get(h++));
            }
        }
        assertThat(h).isEqualTo(HOSTILE);
        KafkaTopics.write(topic, 0, partitions.get(0));
        KafkaTopics.write(topic, 1, partitions.get(1));

        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "2",
                        "--max-record-bytes",
                        Integer.toString(MAX_RECORD_BYTES),
                        "--bounded");
        JobClient job = TestJobs.start(config, "hostile-it");
        assertThat(job.getJobExecutionResult().get(3, TimeUnit.MINUTES)).isNotNull();
        assertThat(
                        cluster.getArchivedExecutionGraph(job.getJobID())
                                .get()
                                .getStatusTimestamp(JobStatus.RESTARTING))
                .as("time the job last restarted (0: never)")
                .isZero();

        String bootstrap = LocalKafkaExtension.bootstrapServers();
        Outputs.DeadLetters deadLetters = Outputs.deadLetters(bootstrap, topic + "_dlq");
        assertThat(deadLetters.late()).isEmpty();
        assertThat(deadLetters.rejected()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(deadLetters.rejected())).isEqualTo(hostileOrigins);

        Map<String, String> expected =
                new Reference(hostileOrigins, good).aggregatesWithout(Set.of(), 10_000);
        assertThat(Outputs.lake(dir.resolve("lake"))).isEqualTo(expected);
        assertThat(Outputs.analytics(bootstrap, topic + "_agg")).isEqualTo(expected);

        Map<String, Integer> reasons = new TreeMap<>();
        for (var record : KafkaTopics.readCommitted(topic + "_dlq")) {
            reasons.merge(JSON.readTree(record.value()).get("reason").asText(), 1, Integer::sum);
        }
        System.out.println("hostile records by reason: " + reasons);
        assertThat(reasons)
                .containsKeys(
                        "malformed_json",
                        "not_an_object",
                        "empty_record",
                        "missing_field",
                        "invalid_field",
                        "oversized_record");
    }
}
