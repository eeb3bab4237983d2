package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.sinks.IcebergTables;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel and restore with the lake as Iceberg tables: a job cancelled while it writes, then a new
 * job resumed from the first one's last checkpoint, leave both tables exact — every valid event
 * once in the raw table, every aggregate once and equal to the reference — and each checkpoint
 * committed by one snapshot at most.
 */
@ExtendWith(LocalKafkaExtension.class)
class IcebergRestoreITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final long T0 = 1_795_514_400_000L;
    private static final long WINDOW = 10_000;
    private static final int RECORDS = 8_000;

    @TempDir Path dir;

    @Test
    void cancelAndRestoreLeaveTheTablesExact() throws Exception {
        String topic = "iceberg_restore";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        EventGenerator generator = new EventGenerator(5, 1_000, 0.02, 0.003, 5);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next(T0 + i * 25L));
        }
        List<Future<RecordMetadata>> written = new ArrayList<>();
        String bootstrap = LocalKafkaExtension.bootstrapServers();

        // The first job is cancelled while events still arrive and its tables are being written.
        JobClient first = TestJobs.start(config(topic, false), topic);
        KafkaTopics.writePaced(
                bootstrap, topic, records.subList(0, RECORDS / 2), written, 1_000_000L);
        Await.until(
                "the first job's commits to both tables",
                Duration.ofSeconds(120),
                () -> rows(raw()) > 0 && aggregates().currentSnapshot() != null);
        first.cancel().get();
        long committedBefore = rows(raw());

        KafkaTopics.writePaced(
                bootstrap, topic, records.subList(RECORDS / 2, RECORDS), written, 100_000L);
        KafkaTopics.writeEndMarkers(bootstrap, topic, 2, T0 + 3_600_000);
        Reference expected = Reference.of(records, written);

        JobClient second = TestJobs.start(config(topic, true), topic);
        try {
            KafkaTopics.awaitGroupAtEnd(bootstrap, topic, topic, Duration.ofSeconds(120));
            Outputs.DeadLetters deadLetters = Outputs.deadLetters(bootstrap, topic + "_dlq");
            Map<String, String> reference = expected.aggregatesWithout(deadLetters.late(), WINDOW);
            Await.until(
                    "every valid event and every aggregate in the tables",
                    Duration.ofSeconds(120),
                    () ->
                            rows(raw()) >= expected.eventsByOrigin().size()
                                    && lake().keySet().containsAll(reference.keySet()));

            System.out.printf(
                    "iceberg restore: %d raw rows committed before the cancel, %d after the"
                            + " restore%n",
                    committedBefore, rows(raw()));
            assertThat(committedBefore).isPositive().isLessThan(expected.eventsByOrigin().size());
            assertThat(origins(raw()))
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.eventsByOrigin().keySet());
            assertThat(lake()).containsExactlyInAnyOrderEntriesOf(reference);
            for (Table table : List.of(raw(), aggregates())) {
                assertThat(IcebergLakes.committedCheckpoints(table))
                        .as("checkpoints committed to %s", table.name())
                        .doesNotHaveDuplicates();
            }
        } finally {
            second.cancel().get();
        }
    }

    private JobConfig config(String topic, boolean restore) throws Exception {
        List<String> flags =
                new ArrayList<>(
                        List.of(
                                "--lake-format",
                                "iceberg",
                                "--raw-output-path",
                                dir.resolve("raw").toString(),
                                "--lake-flush-interval",
                                "0s",
                                "--parallelism",
                                "2",
                                "--starting-offsets",
                                "earliest",
                                "--checkpoint-interval",
                                "500ms",
                                "--idle-timeout",
                                "2s"));
        if (restore) {
            flags.addAll(List.of("--restore-from", "latest"));
        }
        return TestJobs.config(topic, dir, flags.toArray(String[]::new));
    }

    private Table raw() {
        return IcebergLakes.table(dir.resolve("raw"), IcebergTables.RAW_EVENTS);
    }

    private Table aggregates() {
        return IcebergLakes.aggregates(dir.resolve("lake"));
    }

    private Map<String, String> lake() {
        try {
            return Outputs.lake(aggregates());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rows(Table table) {
        return origins(table).size();
    }

    /** Where the table's events were read, the end markers left out. */
    private static List<String> origins(Table table) {
        try {
            List<String> origins = new ArrayList<>();
            for (Record r : IcebergLakes.read(table)) {
                // The end markers are valid events too, but not part of the reference.
                if (!"end".equals(r.getField("event_id"))) {
                    origins.add(r.getField("source_partition") + "/" + r.getField("source_offset"));
                }
            }
            return origins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
