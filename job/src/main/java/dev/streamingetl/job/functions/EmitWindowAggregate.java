package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.WindowAggregate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Adds the window's bounds, the event type and the emission time to a finished accumulator. */
public final class EmitWindowAggregate
        extends ProcessWindowFunction<WindowAccumulator, WindowAggregate, String, TimeWindow> {

    private transient Counter emitted;

    @Override
    public void open(OpenContext openContext) {
        emitted = getRuntimeContext().getMetricGroup().counter("aggregatesEmitted");
    }

    @Override
    public void process(
            String eventType,
            Context context,
            Iterable<WindowAccumulator> accumulators,
            Collector<WindowAggregate> out) {
        TimeWindow window = context.window();
        WindowAccumulator accumulator = accumulators.iterator().next();
        out.collect(
                accumulator.toAggregate(
                        window.getStart(), window.getEnd(), eventType, System.currentTimeMillis()));
        emitted.inc();
    }
}
