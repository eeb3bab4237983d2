package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.Event;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps "late" meaning the same across a restore. Flink does not checkpoint watermarks: after a
 * restore the window operator starts from no watermark and would open again, and emit a second
 * time, windows it had already emitted. This filter remembers the watermark of every source subtask
 * at each checkpoint and, until the live watermark has caught up with the restored one, routes the
 * events the window operator would then have judged late to the late side output.
 */
public final class RestoredWatermarkFilter extends ProcessFunction<Event, Event>
        implements CheckpointedFunction {

    private final long windowMs;
    private final long allowedLatenessMs;
    private final OutputTag<Event> lateEvents;
    private transient ListState<Long> checkpointedWatermarks;
    private transient long restoredWatermark;
    private transient long lastWatermark;

    public RestoredWatermarkFilter(
            long windowMs, long allowedLatenessMs, OutputTag<Event> lateEvents) {
        this.windowMs = windowMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lateEvents = lateEvents;
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) {
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = Math.max(lastWatermark, watermark);
        if (restoredWatermark > watermark
                && lastTimestampOfWindow(event.timestamp()) + allowedLatenessMs
                        <= restoredWatermark) {
            ctx.output(lateEvents, event);
        } else {
            out.collect(event);
        }
    }

    private long lastTimestampOfWindow(long timestamp) {
        return timestamp - Math.floorMod(timestamp, windowMs) + windowMs - 1;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedWatermarks.update(
                java.util.List.of(Math.max(lastWatermark, restoredWatermark)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedWatermarks =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("source-watermarks", Types.LONG));
        restoredWatermark = Long.MIN_VALUE;
        lastWatermark = Long.MIN_VALUE;
        if (context.isRestored()) {
            // The window operator's watermark was the smallest of its inputs' watermarks.
            long min = Long.MAX_VALUE;
            for (Long watermark : checkpointedWatermarks.get()) {
                min = Math.min(min, watermark);
            }
            restoredWatermark = min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
        }
    }
}
