package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.spec.PipelineSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
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
                        new ProcessOperator<>(
                                new OrphanFileCleaner(
                                        new HivePartitionAssigner.Aggregates(
                                                PipelineSpec.defaultSpec()),
                                        lake.toUri().toString())))) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(
                            new SpecAggregate(
                                    1_795_514_400_000L,
                                    1_795_514_410_000L,
                                    new String[] {"click"},
                                    new Object[] {
                                        1L, 1L, 0L, null, null, null, null, null, null, null
                                    },
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

    @Test
    void listsAgainWhenAFileIsCommittedWhileThePartitionIsListed() throws Exception {
        Path partition = Files.createDirectories(lake.resolve("event_type=click"));
        Path orphan = Files.writeString(partition.resolve(".part-a-0.parquet.inprogress.1"), "x");
        Path pending = Files.writeString(partition.resolve(".part-b-0.parquet.inprogress.2"), "x");
        // As the sink's committer does: the pending file is renamed between the listing's names
        // and its file statuses.
        FileSystem racing =
                listingAfter(
                        () -> {
                            if (Files.exists(pending)) {
                                Files.move(pending, partition.resolve("part-b-0.parquet"));
                                throw new FileNotFoundException(
                                        "File " + pending + " does not exist");
                            }
                        });

        int removed =
                OrphanFileCleaner.removeOrphans(
                        racing,
                        new org.apache.flink.core.fs.Path(partition.toUri()),
                        Long.MAX_VALUE);

        assertThat(removed).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(partition.resolve("part-b-0.parquet")).exists();
    }

    @Test
    void aPartitionThatCannotBeListedIsLeftForTheNextCheckpoint() throws Exception {
        Path partition = Files.createDirectories(lake.resolve("event_type=click"));
        Path orphan = Files.writeString(partition.resolve(".part-a-0.parquet.inprogress.1"), "x");
        FileSystem unreachable =
                listingAfter(
                        () -> {
                            throw new IOException("connection refused");
                        });

        int removed =
                OrphanFileCleaner.removeOrphans(
                        unreachable,
                        new org.apache.flink.core.fs.Path(partition.toUri()),
                        Long.MAX_VALUE);

        assertThat(removed).isZero();
        assertThat(orphan).exists();
    }

    /** A local file system that runs {@code beforeListing}, which may throw, in each listing. */
    private static FileSystem listingAfter(IoAction beforeListing) {
        return new LocalFileSystem() {
            @Override
            public FileStatus[] listStatus(org.apache.flink.core.fs.Path f) throws IOException {
                beforeListing.run();
                return super.listStatus(f);
            }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
