package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.Event;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keeps "late" meaning the same across a restore. Flink does not checkpoint watermarks: after a
 * restore the window operator starts from no watermark, and until every one of its inputs has sent
 * a new one it would open again, and emit a second time, windows it had already emitted. Chained
 * right before the window operator, this operator sees the same watermark, remembers it in each
 * checkpoint and, until the live watermark has caught up with the restored one, sends the events
 * the window operator would then have judged late to the late side output.
 */
public final class RestoredWatermarkFilter extends AbstractStreamOperator<Event>
        implements OneInputStreamOperator<Event, Event> {

    private final long windowMs;
    private final long allowedLatenessMs;
    private final OutputTag<Event> lateEvents;
    private transient ListState<Long> checkpointedWatermarks;
    private transient long restoredWatermark;
    private transient long currentWatermark;

    public RestoredWatermarkFilter(
            long windowMs, long allowedLatenessMs, OutputTag<Event> lateEvents) {
        this.windowMs = windowMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lateEvents = lateEvents;
    }

    @Override
    public void processElement(StreamRecord<Event> element) {
        long timestamp = element.getValue().timestamp();
        if (restoredWatermark > currentWatermark
                && lastTimestampOfWindow(timestamp) + allowedLatenessMs <= restoredWatermark) {
            output.collect(lateEvents, element);
        } else {
            output.collect(element);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    private long lastTimestampOfWindow(long timestamp) {
        return timestamp - Math.floorMod(timestamp, windowMs) + windowMs - 1;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedWatermarks.update(
                java.util.List.of(Math.max(currentWatermark, restoredWatermark)));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointedWatermarks =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("window-watermarks", Types.LONG));
        restoredWatermark = Long.MIN_VALUE;
        currentWatermark = Long.MIN_VALUE;
        if (context.isRestored()) {
            // Keys may move between subtasks on a rescale: the smallest watermark is safe for all.
            long min = Long.MAX_VALUE;
            for (Long watermark : checkpointedWatermarks.get()) {
                min = Math.min(min, watermark);
            }
            restoredWatermark = min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
        }
    }
}
