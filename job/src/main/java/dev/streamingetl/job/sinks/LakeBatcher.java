package dev.streamingetl.job.sinks;

import dev.streamingetl.job.functions.TumblingWindows;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.SpecAggregate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * Holds the lake's rows back so that each partition gets a few files instead of one per checkpoint.
 * The FileSink must roll Parquet files on every checkpoint, so the only way to write fewer is to
 * hand it rows less often: this releases the rows it holds at the first checkpoint after each flush
 * interval, and all rows of an hour as soon as the watermark closes the hour's last window (plus
 * the allowed lateness), followed by that partition's completion mark. Rows are held in operator
 * state, so nothing is lost or written twice across restores.
 *
 * <p>Output: {@code Left(row)} to write, {@code Right(partition)} once a partition is complete.
 */
public final class LakeBatcher extends AbstractStreamOperator<Either<SpecAggregate, String>>
        implements OneInputStreamOperator<SpecAggregate, Either<SpecAggregate, String>>,
                BoundedOneInput {

    public static final TypeInformation<Either<SpecAggregate, String>> OUTPUT =
            new EitherTypeInfo<>(RecordTypes.WINDOW_AGGREGATE, Types.STRING);

    /** Rows are released early rather than held without bound, e.g. with very many types. */
    static final int MAX_HELD_ROWS = 100_000;

    private final HivePartitionAssigner.Aggregates partitions;
    private final long flushIntervalMs;
    private final TumblingWindows windows;

    /** Rows not yet released, by partition. */
    private transient Map<String, List<SpecAggregate>> held;

    private transient int heldRows;

    /** Partitions written to but not yet complete, with the watermark that completes them. */
    private transient Map<String, Long> open;

    private transient long lastFlush;
    private transient ListState<SpecAggregate> heldState;
    private transient ListState<Tuple2<String, Long>> openState;

    public LakeBatcher(
            HivePartitionAssigner.Aggregates partitions,
            long flushIntervalMs,
            TumblingWindows windows) {
        this.partitions = partitions;
        this.flushIntervalMs = flushIntervalMs;
        this.windows = windows;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        heldState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "held-rows", RecordTypes.WINDOW_AGGREGATE));
        openState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "open-partitions", Types.TUPLE(Types.STRING, Types.LONG)));
        held = new LinkedHashMap<>();
        open = new LinkedHashMap<>();
        heldRows = 0;
        for (SpecAggregate row : heldState.get()) {
            hold(row);
        }
        for (Tuple2<String, Long> partition : openState.get()) {
            open.put(partition.f0, partition.f1);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastFlush = getProcessingTimeService().getCurrentProcessingTime();
    }

    @Override
    public void processElement(StreamRecord<SpecAggregate> element) {
        SpecAggregate row = element.getValue();
        hold(row);
        open.putIfAbsent(partitions.partitionOf(row), completesAt(row.windowStart()));
        if (heldRows >= MAX_HELD_ROWS) {
            releaseAll();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        Iterator<Map.Entry<String, Long>> partitions = open.entrySet().iterator();
        while (partitions.hasNext()) {
            Map.Entry<String, Long> partition = partitions.next();
            if (partition.getValue() <= mark.getTimestamp()) {
                release(partition.getKey());
                output.collect(new StreamRecord<>(Either.Right(partition.getKey())));
                partitions.remove();
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (now - lastFlush >= flushIntervalMs) {
            releaseAll();
            lastFlush = now;
        }
    }

    @Override
    public void endInput() {
        releaseAll();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<SpecAggregate> rows = new ArrayList<>(heldRows);
        held.values().forEach(rows::addAll);
        heldState.update(rows);
        List<Tuple2<String, Long>> partitions = new ArrayList<>(open.size());
        open.forEach((p, at) -> partitions.add(Tuple2.of(p, at)));
        openState.update(partitions);
    }

    /**
     * The watermark at which no more rows can come for the hour of {@code windowStart}: its last
     * window has fired and its allowed lateness is over.
     */
    long completesAt(long windowStart) {
        return windows.hourClosesAt(windowStart);
    }

    private void hold(SpecAggregate row) {
        held.computeIfAbsent(partitions.partitionOf(row), p -> new ArrayList<>()).add(row);
        heldRows++;
    }

    private void release(String partition) {
        List<SpecAggregate> rows = held.remove(partition);
        if (rows != null) {
            rows.forEach(row -> output.collect(new StreamRecord<>(Either.Left(row))));
            heldRows -= rows.size();
        }
    }

    private void releaseAll() {
        for (String partition : List.copyOf(held.keySet())) {
            release(partition);
        }
    }
}
