package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.WindowAggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link OrphanFileCleaner}. */
class OrphanFileCleanerTest {

    @TempDir Path lake;

    @Test
    void removesOnlyInProgressFilesOlderThanTheCheckpointTwoBefore() throws Exception {
        Path partition =
                Files.createDirectories(lake.resolve("event_type=click/dt=2026-11-24/hour=10"));
        Path orphan = Files.writeString(partition.resolve(".part-a-0.parquet.inprogress.1"), "x");
        Files.setLastModifiedTime(orphan, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path committed = Files.writeString(partition.resolve("part-a-0.parquet"), "x");
        Files.setLastModifiedTime(
                committed, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new OrphanFileCleaner(lake.toUri().toString())))) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(
                            new WindowAggregate(
                                    1_795_514_400_000L,
                                    1_795_514_410_000L,
                                    "click",
                                    1,
                                    1,
                                    0,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    0)));
            harness.snapshot(1, 1);
            harness.notifyOfCompletedCheckpoint(1);
            harness.snapshot(2, 2);
            Path live = Files.writeString(partition.resolve(".part-b-0.parquet.inprogress.2"), "x");
            // The file system's clock is coarser than the JVM's: a file written within the same few
            // milliseconds as checkpoint 1 may carry an earlier time. In a job a whole checkpoint
            // interval separates them.
            Files.setLastModifiedTime(
                    live, FileTime.fromMillis(System.currentTimeMillis() + 1_000));
            harness.notifyOfCompletedCheckpoint(2);
            assertThat(orphan).as("not yet: no checkpoint two before").exists();
            harness.snapshot(3, 3);
            harness.notifyOfCompletedCheckpoint(3);
            assertThat(orphan).doesNotExist();
            assertThat(live).exists();
            assertThat(committed).exists();
        }
    }
}
