package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.SpecAggregate;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the in-progress part files that a failed attempt leaves in the lake. The FileSink rolls
 * every Parquet file on each checkpoint and resumes only what the restored checkpoint knew, so an
 * attempt that dies mid-interval leaves a hidden {@code .part-…inprogress…} file nobody will
 * finish. Such a file was last written before a checkpoint that completed afterwards; a live one is
 * written until the next checkpoint. After each completed checkpoint, this deletes the in-progress
 * files older than the checkpoint two before it, in the partitions the job wrote recently.
 */
public final class OrphanFileCleaner extends ProcessFunction<SpecAggregate, Void>
        implements CheckpointedFunction, CheckpointListener {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanFileCleaner.class);

    /** Partitions not written for this long are no longer looked at. */
    static final long FORGET_PARTITIONS_AFTER_MS = 6 * 3_600_000L;

    private final HivePartitionAssigner.Aggregates partitions;
    private final String[] lakeRoots;
    private transient Map<String, Long> partitionsLastWritten;
    private transient TreeMap<Long, Long> snapshotTimes;
    private transient ListState<Tuple2<String, Long>> checkpointedPartitions;
    private transient Counter removed;

    /** Cleans the same partitions under each of {@code lakeRoots}. */
    public OrphanFileCleaner(HivePartitionAssigner.Aggregates partitions, String... lakeRoots) {
        this.partitions = partitions;
        this.lakeRoots = lakeRoots;
    }

    @Override
    public void open(OpenContext openContext) {
        removed = getRuntimeContext().getMetricGroup().counter("orphanedFilesRemoved");
    }

    @Override
    public void processElement(SpecAggregate aggregate, Context ctx, Collector<Void> out) {
        partitionsLastWritten.put(partitions.partitionOf(aggregate), System.currentTimeMillis());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        snapshotTimes.put(context.getCheckpointId(), System.currentTimeMillis());
        List<Tuple2<String, Long>> partitions = new ArrayList<>();
        partitionsLastWritten.forEach((p, t) -> partitions.add(Tuple2.of(p, t)));
        checkpointedPartitions.update(partitions);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedPartitions =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "lake-partitions", Types.TUPLE(Types.STRING, Types.LONG)));
        partitionsLastWritten = new HashMap<>();
        snapshotTimes = new TreeMap<>();
        for (Tuple2<String, Long> p : checkpointedPartitions.get()) {
            partitionsLastWritten.merge(p.f0, p.f1, Math::max);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws IOException {
        Long before = snapshotTimes.lowerKey(checkpointId);
        Long twoBefore = before == null ? null : snapshotTimes.lowerKey(before);
        if (twoBefore == null) {
            return;
        }
        long horizon = snapshotTimes.get(twoBefore);
        snapshotTimes.headMap(twoBefore, false).clear();
        long now = System.currentTimeMillis();
        partitionsLastWritten.values().removeIf(t -> now - t > FORGET_PARTITIONS_AFTER_MS);
        for (String partition : partitionsLastWritten.keySet()) {
            for (String root : lakeRoots) {
                Path path = new Path(root, partition);
                removed.inc(removeOrphans(path.getFileSystem(), path, horizon));
            }
        }
    }

    /**
     * Deletes the orphans in one partition and returns how many. Housekeeping never fails the job:
     * a partition that cannot be listed now is looked at again after the next checkpoint.
     */
    static int removeOrphans(FileSystem fs, Path partition, long horizon) {
        FileStatus[] files;
        try {
            files = list(fs, partition);
        } catch (IOException e) {
            LOG.warn(
                    "Cannot look for orphaned files in {} now, will after the next checkpoint: {}",
                    partition,
                    e.toString());
            return 0;
        }
        int count = 0;
        for (FileStatus file : files) {
            String name = file.getPath().getName();
            if (!file.isDir()
                    && name.startsWith(".part-")
                    && name.contains(".inprogress.")
                    && file.getModificationTime() < horizon) {
                try {
                    if (fs.delete(file.getPath(), false)) {
                        count++;
                        LOG.info("Removed {}, left unfinished by a failed attempt", file.getPath());
                    }
                } catch (IOException e) {
                    LOG.warn(
                            "Cannot remove orphaned file {} now: {}", file.getPath(), e.toString());
                }
            }
        }
        return count;
    }

    /**
     * The partition's files. A local listing reads each file's status after the names, so a file
     * the sink commits (renames) in between fails it: then it is listed again.
     */
    private static FileStatus[] list(FileSystem fs, Path partition) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                FileStatus[] files = fs.exists(partition) ? fs.listStatus(partition) : null;
                return files == null ? new FileStatus[0] : files;
            } catch (FileNotFoundException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
