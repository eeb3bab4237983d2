package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Lake;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests the pipeline at parallelism 2 on a generated stream over 4 partitions: every record ends in
 * exactly one place (an aggregate's count or the dead-letter topic), and the lake and the analytics
 * topic agree window by window.
 */
@ExtendWith(LocalKafkaExtension.class)
class GeneratedStreamITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 60_000;

    @TempDir Path dir;

    @Test
    void everyRecordIsCountedOnceOrDeadLettered() throws Exception {
        String topic = "generated_events";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 4, topic + "_dlq", 1, topic + "_agg", 2));
        EventGenerator generator = new EventGenerator(20, 5_000, 0.01, 0.002, 42);
        List<EventGenerator.Record> records = new ArrayList<>();
        long t0 = 1_795_514_400_000L;
        for (int i = 0; i < EVENTS; i++) {
            records.add(generator.next(t0 + i * 5L)); // 200 events per second of event time
        }
        long bad = records.stream().filter(EventGenerator.Record::bad).count();
        KafkaTopics.write(topic, records);

        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "2",
                        "--bounded");
        TestJobs.run(config, "generated-it");

        long late = 0;
        long rejected = 0;
        for (var record : KafkaTopics.readCommitted(topic + "_dlq")) {
            if (JSON.readTree(record.value()).get("reason").asText().equals("late_event")) {
                late++;
            } else {
                rejected++;
            }
        }
        List<String> lake = lakeRows();
        long counted = lake.stream().mapToLong(r -> Long.parseLong(r.split("\\|")[2])).sum();
        assertThat(rejected).isEqualTo(bad);
        assertThat(counted + late).isEqualTo(EVENTS - bad);
        assertThat(lake).doesNotHaveDuplicates().hasSizeGreaterThan(300);

        List<String> analytics = new ArrayList<>();
        for (var record : KafkaTopics.readCommitted(topic + "_agg")) {
            JsonNode a = JSON.readTree(record.value());
            analytics.add(
                    java.time.Instant.parse(a.get("window_start").asText()).toEpochMilli()
                            + "|"
                            + a.get("event_type").asText()
                            + "|"
                            + a.get("event_count")
                            + "|"
                            + a.get("unique_users")
                            + "|"
                            + a.get("value_count")
                            + "|"
                            + a.get("value_sum"));
        }
        assertThat(analytics).containsExactlyInAnyOrderElementsOf(lake);
    }

    private List<String> lakeRows() throws Exception {
        return Lake.rows(
                dir.resolve("lake"),
                "SELECT epoch_ms(window_start), event_type, event_count, unique_users, value_count, value_sum FROM {lake}");
    }
}
