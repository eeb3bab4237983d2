package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.spec.PipelineSpec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first of two aggregation phases, chained to the source: folds each subtask's events into one
 * {@link WindowPartial} per window and group, so that the shuffle to the window operator carries a
 * few partials per window instead of every event (Flink's Table planner aggregates locally the same
 * way).
 *
 * <p>An event belongs in a partial only if the window operator is sure to take the partial. Each
 * partial is sent before the watermark that fires its window, and before every checkpoint barrier
 * (so this operator keeps no accumulators in state); an event whose window this subtask's watermark
 * has already closed goes to the late side output, with its raw record, here. The window operator's
 * watermark is the smallest of its inputs', so it cannot have closed a window this subtask has not,
 * as long as two things hold, which this operator sees to:
 *
 * <ul>
 *   <li>After a restore the watermark starts anew. The watermark of the last checkpoint is kept
 *       (the largest of all subtasks', as the window operator's was never higher) and judges
 *       lateness until the live one passes it.
 *   <li>The window operator never runs ahead of this subtask's watermark, so this operator never
 *       tells it that its input is idle (Flink would then move the window operator on without it).
 *       While its input is idle it moves its own watermark instead, to what the active subtasks
 *       have sent ({@link SharedWatermarks}): the others are not held back, and the window operator
 *       is never ahead of the watermark that judges this subtask's events. So a quiet spell never
 *       stops the pre-aggregation.
 * </ul>
 *
 * <p>At the end of its input ({@code --bounded}, {@code flink stop --drain}) it sends the final
 * watermark itself: Flink drops the source's while the source is idle.
 */
public final class PreAggregateWindows extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<SpecEvent, WindowPartial>, BoundedOneInput {

    private static final Logger LOG = LoggerFactory.getLogger(PreAggregateWindows.class);

    private final TumblingWindows windows;
    private final OutputTag<SpecEvent> lateEvents;
    private final PipelineSpec spec;
    private final GroupKey group;
    private final SpecAccumulator.Layout layout;

    /** Open partials by window start, then group key. */
    private transient TreeMap<Long, Map<String, WindowPartial>> partials;

    private transient long lastWindowStart;
    private transient Map<String, WindowPartial> lastWindow;
    private transient ListState<Long> checkpointedWatermarks;
    private transient long restoredWatermark;

    /** The largest watermark sent downstream: what judges lateness here. */
    private transient long sentWatermark;

    private transient boolean inputIdle;
    private transient SharedWatermarks shared;
    private transient StreamRecord<WindowPartial> reuse;
    private transient Counter partialsSent;
    private transient long preAggregated;

    public PreAggregateWindows(
            TumblingWindows windows, OutputTag<SpecEvent> lateEvents, PipelineSpec spec) {
        this.windows = windows;
        this.lateEvents = lateEvents;
        this.spec = spec;
        this.group = new GroupKey(spec);
        this.layout = new SpecAccumulator.Layout(spec);
    }

    @Override
    public void open() throws Exception {
        super.open();
        partials = new TreeMap<>();
        lastWindowStart = Long.MIN_VALUE;
        sentWatermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
        partialsSent = getMetricGroup().counter("partialsSent");
        getMetricGroup().gauge("eventsPreAggregated", () -> preAggregated);
        getMetricGroup().gauge("followingOthersWatermark", () -> inputIdle ? 1 : 0);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        if (task.getNumberOfParallelSubtasks() > 1) {
            shared =
                    new SharedWatermarks(
                            getRuntimeContext().getGlobalAggregateManager(),
                            "pre-aggregate-watermarks-attempt-" + task.getAttemptNumber(),
                            task.getIndexOfThisSubtask(),
                            task.getNumberOfParallelSubtasks());
            long every = SharedWatermarks.EVERY.toMillis();
            getProcessingTimeService().scheduleWithFixedDelay(time -> followIfIdle(), every, every);
        }
    }

    @Override
    public void processElement(StreamRecord<SpecEvent> element) {
        SpecEvent event = element.getValue();
        long windowStart = windows.startOf(event.eventTime());
        // Late as the window operator judges it, with the watermark it has been sent.
        if (windows.isLate(event.eventTime(), Math.max(sentWatermark, restoredWatermark))) {
            output.collect(lateEvents, element);
        } else {
            preAggregated++;
            Map<String, WindowPartial> window = window(windowStart);
            String key = group.of(event);
            WindowPartial partial = window.get(key);
            if (partial == null) {
                partial =
                        new WindowPartial(
                                group.values(event), windowStart, new SpecAccumulator(layout));
                window.put(key, partial);
            }
            partial.accumulator().add(event, layout);
        }
    }

    private Map<String, WindowPartial> window(long windowStart) {
        if (windowStart != lastWindowStart || lastWindow == null) {
            lastWindow = partials.computeIfAbsent(windowStart, start -> new HashMap<>());
            lastWindowStart = windowStart;
        }
        return lastWindow;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        advanceTo(mark.getTimestamp());
    }

    /** Sends {@code watermark} on if it is new, after the partials of the windows it fires. */
    private void advanceTo(long watermark) throws Exception {
        if (watermark <= sentWatermark) {
            return;
        }
        // Windows whose last timestamp the watermark reaches fire with it: their partials first.
        flushWindowsUpTo(windows.lastFiredStart(watermark));
        sentWatermark = watermark;
        super.processWatermark(new Watermark(watermark));
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        if (status.isIdle() != inputIdle) {
            inputIdle = status.isIdle();
            // Sparse partitions go idle and back often: the gauge shows it, the log only on
            // request.
            LOG.debug(
                    inputIdle
                            ? "Subtask {}: input idle; its watermark follows the active subtasks'"
                            : "Subtask {}: input active again",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        }
        // Not passed on: downstream, this subtask is never idle (see the class comment).
    }

    private void followIfIdle() throws Exception {
        shared.report(sentWatermark, inputIdle);
        if (inputIdle) {
            advanceTo(shared.idleMayFollow());
        }
    }

    @Override
    public void endInput() throws Exception {
        advanceTo(Watermark.MAX_WATERMARK.getTimestamp());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushWindowsUpTo(Long.MAX_VALUE);
    }

    @Override
    public void finish() throws Exception {
        flushWindowsUpTo(Long.MAX_VALUE);
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (shared != null) {
            shared.close();
        }
        super.close();
    }

    /** Sends the partials of every window that starts at or before {@code lastStart}. */
    private void flushWindowsUpTo(long lastStart) {
        Iterator<Map.Entry<Long, Map<String, WindowPartial>>> fired =
                partials.headMap(lastStart, true).entrySet().iterator();
        while (fired.hasNext()) {
            Map.Entry<Long, Map<String, WindowPartial>> window = fired.next();
            long maxTimestamp = windows.maxTimestamp(window.getKey());
            for (WindowPartial partial : window.getValue().values()) {
                partialsSent.inc();
                output.collect(reuse.replace(partial, maxTimestamp));
            }
            fired.remove();
        }
        lastWindow = null;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedWatermarks.update(List.of(Math.max(sentWatermark, restoredWatermark)));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: after a rescale every subtask sees every subtask's watermark.
        checkpointedWatermarks =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("window-watermarks", Types.LONG));
        RestoredSpecCheck.check(context.getOperatorStateStore(), spec, context.isRestored());
        restoredWatermark = Long.MIN_VALUE;
        for (Long watermark : checkpointedWatermarks.get()) {
            restoredWatermark = Math.max(restoredWatermark, watermark);
        }
    }
}
