package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.SpecAggregate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Adds the window's bounds, the group's values and the emission time to a finished accumulator. */
public final class EmitWindowAggregate
        extends ProcessWindowFunction<SpecAccumulator, SpecAggregate, String, TimeWindow> {

    private final SpecAccumulator.Layout layout;
    private final int groupFields;
    private transient Counter emitted;

    public EmitWindowAggregate(SpecAccumulator.Layout layout, int groupFields) {
        this.layout = layout;
        this.groupFields = groupFields;
    }

    @Override
    public void open(OpenContext openContext) {
        emitted = getRuntimeContext().getMetricGroup().counter("aggregatesEmitted");
    }

    @Override
    public void process(
            String key,
            Context context,
            Iterable<SpecAccumulator> accumulators,
            Collector<SpecAggregate> out) {
        TimeWindow window = context.window();
        SpecAccumulator accumulator = accumulators.iterator().next();
        out.collect(
                new SpecAggregate(
                        window.getStart(),
                        window.getEnd(),
                        GroupKey.values(key, groupFields),
                        accumulator.values(layout).toArray(),
                        System.currentTimeMillis()));
        emitted.inc();
    }
}
