package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.Await;
import dev.streamingetl.tools.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker keeps records whatever their timestamps. The job stamps aggregates and late
 * events with event time; when the broker retained a day by age, its first retention pass deleted
 * the aggregates of FailoverITCase's first minute, stamped a week before the run, and that test
 * failed whenever the job wrote them before the pass.
 */
class LocalKafkaRetentionITCase {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    @TempDir Path dir;

    @Test
    void keepsRecordsStampedLongAgo() throws Exception {
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(dir);
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("kept", 1, (short) 1),
                                    // The control: proves that a retention pass has run.
                                    new NewTopic("aged_out", 1, (short) 1)
                                            .configs(
                                                    Map.of("retention.ms", Long.toString(DAY_MS)))))
                    .all()
                    .get();
            long weekAgo = System.currentTimeMillis() - 7 * DAY_MS;
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka.bootstrapServers()),
                            new ByteArraySerializer(),
                            new ByteArraySerializer())) {
                byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
                for (String topic : List.of("kept", "aged_out")) {
                    producer.send(new ProducerRecord<>(topic, 0, weekAgo, null, value)).get();
                }
            }

            // The broker's first retention pass comes 30 s after it starts.
            Await.until(
                    "a retention pass to delete the record of the topic that retains a day",
                    Duration.ofSeconds(120),
                    () -> offset(admin, "aged_out", OffsetSpec.earliest()) == 1);
            assertThat(offset(admin, "kept", OffsetSpec.earliest())).isZero();
            assertThat(offset(admin, "kept", OffsetSpec.latest())).isEqualTo(1);
        }
    }

    private static long offset(Admin admin, String topic, OffsetSpec spec) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            return admin.listOffsets(Map.of(partition, spec))
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
