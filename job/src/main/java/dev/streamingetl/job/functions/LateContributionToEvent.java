package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.Event;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Either;

/**
 * Passes on an event the window operator found late. A partial can never be late there ({@link
 * PreAggregateWindows} sends it before its window can close); if one were, its events could not
 * reach the dead-letter topic, so the job fails and replays from its last checkpoint instead of
 * losing them.
 */
public final class LateContributionToEvent
        implements MapFunction<Either<Event, WindowPartial>, Event> {

    @Override
    public Event map(Either<Event, WindowPartial> late) {
        if (late.isLeft()) {
            return late.left();
        }
        WindowPartial partial = late.right();
        throw new IllegalStateException(
                "a partial of "
                        + partial.accumulator().count
                        + " '"
                        + partial.eventType()
                        + "' events reached the window starting "
                        + java.time.Instant.ofEpochMilli(partial.windowStart())
                        + " after it closed");
    }
}
