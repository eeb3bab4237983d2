package dev.streamingetl.job.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A valid input event of the default contract, as {@link EventParser} reads it (the job reads
 * {@link SpecEvent}s): the fields the aggregation needs, plus where it came from and its raw value.
 *
 * @param eventType trimmed, lower-cased, matches {@code [a-z0-9_]{1,64}}
 * @param timestamp event time, epoch milliseconds
 * @param value the event's value, {@link Double#NaN} when it carries none (values are finite)
 */
public record Event(
        String eventType,
        String userId,
        long timestamp,
        double value,
        int sourcePartition,
        long sourceOffset,
        byte[] raw) {

    public boolean hasValue() {
        return !Double.isNaN(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && eventType.equals(e.eventType)
                && userId.equals(e.userId)
                && timestamp == e.timestamp
                && Double.compare(value, e.value) == 0
                && sourcePartition == e.sourcePartition
                && sourceOffset == e.sourceOffset
                && Arrays.equals(raw, e.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventType, userId, timestamp, value, sourcePartition, sourceOffset);
    }

    @Override
    public String toString() {
        return "Event{"
                + eventType
                + ", "
                + userId
                + ", ts="
                + timestamp
                + ", value="
                + value
                + ", at="
                + sourcePartition
                + "/"
                + sourceOffset
                + "}";
    }
}
