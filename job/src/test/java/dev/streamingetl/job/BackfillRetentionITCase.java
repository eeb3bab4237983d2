package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that a backfill survives the broker's time-based retention: events 30 days old, on topics
 * with Kafka's default retention (7 days), and what the job committed is all still there after
 * retention passes have run, exactly once. The test broker checks retention every few seconds.
 */
@ExtendWith(LocalKafkaExtension.class)
class BackfillRetentionITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final long WINDOW = 10_000;
    private static final int EVENTS = 24_000;

    @TempDir Path dir;

    @Test
    void aggregatesAndDeadLettersOfEventsOlderThanRetentionAreKept() throws Exception {
        String topic = "backfill";
        String bootstrap = LocalKafkaExtension.bootstrapServers();
        LocalKafkaExtension.kafka()
                .createTopics(
                        Map.of(topic, 4, topic + "_dlq", 1, topic + "_agg", 2, topic + "_aged", 1));
        EventGenerator generator = new EventGenerator(10, 2_000, 0.02, 0.01, 30);
        long thirtyDaysAgo = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
        long t0 = thirtyDaysAgo - Math.floorMod(thirtyDaysAgo, WINDOW);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            records.add(generator.next(t0 + i * 25L)); // ten minutes of event time
        }
        List<Future<RecordMetadata>> written = KafkaTopics.writeInOrder(bootstrap, topic, records);

        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "2",
                        "--bounded");
        TestJobs.run(config, "backfill-it");

        // Two retention passes after the last commit, each proven by the deletion of a record
        // stamped as old as the backfill's events on a topic of the same (default) retention.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int pass = 1; pass <= 2; pass++) {
                writeStamped(bootstrap, topic + "_aged", thirtyDaysAgo);
                long end = pass;
                Await.until(
                        "retention pass " + pass + " to delete the record stamped 30 days ago",
                        Duration.ofSeconds(90),
                        () -> earliest(admin, topic + "_aged") == end);
            }
        }

        Reference expected = Reference.of(records, written);
        Outputs.DeadLetters deadLetters = Outputs.deadLetters(bootstrap, topic + "_dlq");
        assertThat(deadLetters.rejected()).containsExactlyInAnyOrderElementsOf(expected.bad());
        assertThat(deadLetters.late()).isNotEmpty();
        Map<String, String> aggregates = expected.aggregatesWithout(deadLetters.late(), WINDOW);
        assertThat(aggregates).hasSizeGreaterThan(300);
        assertThat(Outputs.analytics(bootstrap, topic + "_agg")).isEqualTo(aggregates);
        assertThat(Outputs.lake(dir.resolve("lake"))).isEqualTo(aggregates);
    }

    private static void writeStamped(String bootstrap, String topic, long timestamp)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    0,
                                    timestamp,
                                    null,
                                    "{}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static long earliest(Admin admin, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                    .partitionResult(partition)
                    .get()
                    .offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
