package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.spec.PipelineSpec;
import java.io.Serializable;

/**
 * The group of an event: the values of the spec's {@code group_by} fields, and the one string that
 * keys the window operator by them. With one field the key is its value (no allocation per event);
 * with more, the values joined by {@code |}, each {@code |} and {@code \} in a value escaped with
 * {@code \}, so that two groups never share a key.
 */
public final class GroupKey implements Serializable {

    private final int[] slots;

    public GroupKey(PipelineSpec spec) {
        slots = spec.groupBy().stream().mapToInt(f -> SpecEventParser.slotOf(spec, f)).toArray();
    }

    public String of(SpecEvent event) {
        return slots.length == 1 ? event.strings()[slots[0]] : of(values(event));
    }

    public String[] values(SpecEvent event) {
        String[] values = new String[slots.length];
        for (int i = 0; i < slots.length; i++) {
            values[i] = event.strings()[slots[i]];
        }
        return values;
    }

    /** The key of {@code values}: what {@link #of} gives for an event of that group. */
    public static String of(String[] values) {
        if (values.length == 1) {
            return values[0];
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            append(key, i, values[i]);
        }
        return key.toString();
    }

    /** The {@code fields} values that make {@code key}: what {@link #of(String[])} joined. */
    public static String[] values(String key, int fields) {
        if (fields == 1) {
            return new String[] {key};
        }
        String[] values = new String[fields];
        StringBuilder value = new StringBuilder();
        int field = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                value.append(key.charAt(++i));
            } else if (c == '|') {
                values[field++] = value.toString();
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values[field] = value.toString();
        return values;
    }

    private static void append(StringBuilder key, int index, String value) {
        if (index > 0) {
            key.append('|');
        }
        if (value.indexOf('|') < 0 && value.indexOf('\\') < 0) {
            key.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '|' || c == '\\') {
                key.append('\\');
            }
            key.append(c);
        }
    }
}
