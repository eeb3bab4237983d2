package dev.streamingetl.job.functions;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Merges each partial into its window's {@link SpecAccumulator}: no event is kept in state. */
public final class WindowAggregator
        implements AggregateFunction<WindowPartial, SpecAccumulator, SpecAccumulator> {

    private final SpecAccumulator.Layout layout;

    public WindowAggregator(SpecAccumulator.Layout layout) {
        this.layout = layout;
    }

    @Override
    public SpecAccumulator createAccumulator() {
        return new SpecAccumulator(layout);
    }

    @Override
    public SpecAccumulator add(WindowPartial partial, SpecAccumulator accumulator) {
        return accumulator.merge(partial.accumulator());
    }

    @Override
    public SpecAccumulator getResult(SpecAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public SpecAccumulator merge(SpecAccumulator a, SpecAccumulator b) {
        return a.merge(b);
    }
}
