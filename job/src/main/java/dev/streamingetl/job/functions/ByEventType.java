package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.Event;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Either;

/** The key of the window operator's input: the event type of an event or of a partial. */
public final class ByEventType implements KeySelector<Either<Event, WindowPartial>, String> {

    @Override
    public String getKey(Either<Event, WindowPartial> contribution) {
        return contribution.isLeft()
                ? contribution.left().eventType()
                : contribution.right().eventType();
    }
}
