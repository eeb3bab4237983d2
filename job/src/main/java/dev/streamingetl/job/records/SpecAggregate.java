package dev.streamingetl.job.records;

import java.util.Arrays;

/**
 * The aggregate of one group over one tumbling event-time window of a pipeline spec; its columns
 * are described by {@link AggregateColumns}. Times are epoch milliseconds in UTC.
 *
 * @param group the values of the spec's {@code group_by} fields, in spec order
 * @param values {@code event_count}, the distinct counts and each measure's aggregates, in column
 *     order: counts as {@link Long}, the others as {@link Double}, null when no event carried the
 *     measure
 */
public record SpecAggregate(
        long windowStart, long windowEnd, String[] group, Object[] values, long emittedAt) {

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecAggregate a
                && windowStart == a.windowStart
                && windowEnd == a.windowEnd
                && Arrays.equals(group, a.group)
                && Arrays.equals(values, a.values)
                && emittedAt == a.emittedAt;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(group) * 31 + Long.hashCode(windowStart);
    }

    @Override
    public String toString() {
        return "SpecAggregate{"
                + windowStart
                + ".."
                + windowEnd
                + " "
                + Arrays.toString(group)
                + " "
                + Arrays.toString(values)
                + "}";
    }
}
