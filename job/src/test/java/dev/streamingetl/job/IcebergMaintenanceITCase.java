package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.sinks.IcebergTables;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job keeps its Iceberg tables small in files: while events arrive over many checkpoints, each
 * of which commits a data file per writer and partition, Iceberg's table maintenance in the job
 * compacts them, and the table still holds every valid event exactly once.
 */
@ExtendWith(LocalKafkaExtension.class)
class IcebergMaintenanceITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final long T0 = 1_795_514_400_000L;
    private static final int RECORDS = 6_000;

    @TempDir Path dir;

    @Test
    void compactionLeavesFewFilesAndEveryEventOnce() throws Exception {
        String topic = "iceberg_maintenance";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        // Three types in one hour of event time: three partition-hours of the raw table.
        EventGenerator generator = new EventGenerator(3, 500, 0.02, 0.0, 11);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next(T0 + i * 100L));
        }
        JobConfig config =
                TestJobs.config(
                        topic,
                        dir,
                        "--lake-format",
                        "iceberg",
                        "--raw-output-path",
                        dir.resolve("raw").toString(),
                        "--parallelism",
                        "2",
                        "--starting-offsets",
                        "earliest",
                        "--checkpoint-interval",
                        "300ms",
                        "--iceberg-sink-option",
                        "flink-maintenance.rewrite.schedule.commit-count=8",
                        "--iceberg-sink-option",
                        "flink-maintenance.rewrite.schedule.interval-second=2",
                        "--iceberg-sink-option",
                        "flink-maintenance.rate-limit-seconds=1");
        JobClient job = TestJobs.start(config, "iceberg-maintenance");
        try {
            List<Future<RecordMetadata>> written = new ArrayList<>();
            String bootstrap = LocalKafkaExtension.bootstrapServers();
            // Over ~12 s: some 40 checkpoints, each committing what arrived since the last.
            KafkaTopics.writePaced(bootstrap, topic, records, written, 2_000_000L);

            // The compaction's schedule is looked at when the sink commits new files. Once all
            // that was written is in the table but its newest files are not compacted yet, one more
            // event makes one more commit, and so a look at the schedule, until a compaction has
            // come after the newest files.
            long[] next = {RECORDS};
            Await.until(
                    "every valid event in the raw table, in at most four files per partition-hour",
                    Duration.ofSeconds(180),
                    () -> {
                        Table t = raw();
                        boolean complete = origins(t).size() == valid(records, written);
                        // Iceberg rewrites a partition's small files once there are five of them.
                        boolean compacted =
                                filesPerPartition(t).values().stream().allMatch(n -> n <= 4);
                        if (complete && !compacted) {
                            List<EventGenerator.Record> one =
                                    List.of(generator.next(T0 + next[0]++ * 100L));
                            records.addAll(one);
                            KafkaTopics.writePaced(bootstrap, topic, one, written, 0);
                        }
                        return complete && compacted;
                    });
            Reference expected = Reference.of(records, written);

            Table raw = raw();
            List<String> origins = origins(raw);
            assertThat(origins)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.eventsByOrigin().keySet());
            long written_ = addedByAppends(raw);
            Map<String, Integer> now = filesPerPartition(raw);
            System.out.printf(
                    "iceberg maintenance: %d data files written by %d appends, %d in the current"
                            + " snapshot after %d rewrites; per partition-hour now %s%n",
                    written_,
                    appends(raw),
                    now.values().stream().mapToInt(i -> i).sum(),
                    rewrites(raw),
                    now);
            assertThat(rewrites(raw)).as("compactions").isPositive();
            int current = now.values().stream().mapToInt(i -> i).sum();
            assertThat(now.values()).as("data files per partition-hour").allMatch(n -> n <= 4);
            assertThat(written_)
                    .as("data files written, against %d after compaction", current)
                    .isGreaterThanOrEqualTo(3L * current);
        } finally {
            job.cancel().get();
        }
    }

    private static int valid(
            List<EventGenerator.Record> records, List<Future<RecordMetadata>> written) {
        try {
            return Reference.of(records, written).eventsByOrigin().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Table raw() {
        return IcebergLakes.table(dir.resolve("raw"), IcebergTables.RAW_EVENTS);
    }

    private static List<String> origins(Table table) {
        try {
            List<String> origins = new ArrayList<>();
            for (Record r : IcebergLakes.read(table)) {
                origins.add(r.getField("source_partition") + "/" + r.getField("source_offset"));
            }
            return origins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rewrites(Table table) {
        table.refresh();
        long n = 0;
        for (Snapshot s : table.snapshots()) {
            n += "replace".equals(s.operation()) ? 1 : 0;
        }
        return n;
    }

    private static long appends(Table table) {
        long n = 0;
        for (Snapshot s : table.snapshots()) {
            n += "append".equals(s.operation()) ? 1 : 0;
        }
        return n;
    }

    private static long addedByAppends(Table table) {
        long n = 0;
        for (Snapshot s : table.snapshots()) {
            if ("append".equals(s.operation())) {
                n += Long.parseLong(s.summary().getOrDefault("added-data-files", "0"));
            }
        }
        return n;
    }

    private static Map<String, Integer> filesPerPartition(Table table) {
        Map<String, Integer> files = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> files.merge(t.file().partition().toString(), 1, Integer::sum));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
