package dev.streamingetl.job.functions;

import org.apache.flink.api.common.functions.MapFunction;

/**
 * A partial can never be late at the window operator ({@link PreAggregateWindows} sends it before
 * its window can close); if one were, its events could not reach the dead-letter topic, so the job
 * fails and replays from its last checkpoint instead of losing them.
 */
public final class LatePartialFails implements MapFunction<WindowPartial, Void> {

    @Override
    public Void map(WindowPartial partial) {
        throw new IllegalStateException(
                "a partial of "
                        + partial.accumulator().count()
                        + " events of group "
                        + java.util.Arrays.toString(partial.group())
                        + " reached the window starting "
                        + java.time.Instant.ofEpochMilli(partial.windowStart())
                        + " after it closed");
    }
}
