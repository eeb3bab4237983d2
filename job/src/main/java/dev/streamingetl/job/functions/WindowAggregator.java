package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.Event;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.types.Either;

/**
 * Folds each partial, or single event, into its window's {@link WindowAccumulator}: no event is
 * kept in state.
 */
public final class WindowAggregator
        implements AggregateFunction<
                Either<Event, WindowPartial>, WindowAccumulator, WindowAccumulator> {

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(
            Either<Event, WindowPartial> contribution, WindowAccumulator accumulator) {
        if (contribution.isLeft()) {
            accumulator.add(contribution.left());
            return accumulator;
        }
        return accumulator.merge(contribution.right().accumulator());
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        return a.merge(b);
    }
}
