package dev.streamingetl.job.records;

import java.util.Arrays;

/**
 * A valid input event of a pipeline spec, its values in slots that the spec's fields were given
 * once, when it was loaded ({@link SpecEventParser#slot}): no map and no boxing per event.
 *
 * @param strings the string fields' values (null: absent)
 * @param numbers the number fields' values ({@link Double#NaN}: absent)
 * @param longs the integer, timestamp (epoch milliseconds) and boolean (0 or 1) fields' values
 * @param present one bit per field of the spec, in spec order: set if the event carries it
 * @param eventTime the event-time field's value, epoch milliseconds
 */
public record SpecEvent(
        String[] strings,
        double[] numbers,
        long[] longs,
        long present,
        long eventTime,
        int sourcePartition,
        long sourceOffset,
        byte[] raw) {

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecEvent e
                && Arrays.equals(strings, e.strings)
                && Arrays.equals(numbers, e.numbers)
                && Arrays.equals(longs, e.longs)
                && present == e.present
                && eventTime == e.eventTime
                && sourcePartition == e.sourcePartition
                && sourceOffset == e.sourceOffset
                && Arrays.equals(raw, e.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(strings) * 31 + Long.hashCode(eventTime);
    }

    @Override
    public String toString() {
        return "SpecEvent{"
                + Arrays.toString(strings)
                + ", "
                + Arrays.toString(numbers)
                + ", "
                + Arrays.toString(longs)
                + ", time="
                + eventTime
                + ", at="
                + sourcePartition
                + "/"
                + sourceOffset
                + "}";
    }
}
