package dev.streamingetl.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One input field of a pipeline spec, with its defaults filled in.
 *
 * @param path the keys from the event's top level to the value (the name alone by default)
 * @param normalize in {@link Normalize} order; strings only
 * @param pattern a regular expression the whole normalized value must match, or null
 * @param minLength characters, strings only (1 by default)
 * @param maxLength characters, strings only (128 by default)
 * @param allowed the allowed values after normalizing, or null for any
 * @param min inclusive lower bound of a number or integer, or null
 * @param max inclusive upper bound of a number or integer, or null
 * @param format how a timestamp is written; null for other types
 */
public record FieldSpec(
        String name,
        FieldType type,
        List<String> path,
        boolean required,
        Set<Normalize> normalize,
        String pattern,
        int minLength,
        int maxLength,
        List<String> allowed,
        Double min,
        Double max,
        TimeFormat format)
        implements Serializable {

    public static final int DEFAULT_MIN_LENGTH = 1;
    public static final int DEFAULT_MAX_LENGTH = 128;

    /** How a message names the field: its spec name, and its path if it has one of its own. */
    public String describe() {
        String dotted = String.join(".", path);
        return dotted.equals(name) ? name : name + " (" + dotted + ")";
    }
}
