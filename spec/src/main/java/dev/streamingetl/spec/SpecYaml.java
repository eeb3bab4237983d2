package dev.streamingetl.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shapes a spec's YAML may take where a key is read (a mapping, a list, a name, a number...),
 * each refused with one line naming the file and the key.
 */
final class SpecYaml {

    final String file;

    SpecYaml(String file) {
        this.file = file;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String key) throws SpecException {
        if (!(value instanceof Map<?, ?> m)) {
            throw error(key, "not a mapping of keys to values");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw error(key, "the key '" + e.getKey() + "' is not a name");
            }
            result.put(k, e.getValue());
        }
        return result;
    }

    void onlyKeys(Map<String, Object> map, String prefix, List<String> allowed)
            throws SpecException {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw error(prefix + k, "unknown key (use " + String.join(", ", allowed) + ")");
            }
        }
    }

    List<?> list(Object value, String key) throws SpecException {
        if (value instanceof List<?> l) {
            return l;
        }
        throw error(key, "not a list (write [a, b])");
    }

    /** A list of names, or a single one. */
    List<String> names(Object value, String key) throws SpecException {
        List<String> names = new ArrayList<>();
        for (Object v : value instanceof List<?> l ? l : List.of(value)) {
            String name = string(v, key);
            if (names.contains(name)) {
                throw error(key, "'" + name + "' given twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    String string(Object value, String key) throws SpecException {
        if (value instanceof String s) {
            return s;
        }
        throw error(key, "'" + value + "' is not a string");
    }

    /** A string, number or boolean, as written. */
    String scalar(Object value, String key) throws SpecException {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw error(key, "'" + value + "' is not a single value");
    }

    boolean bool(Object value, String key) throws SpecException {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error(key, "'" + value + "' is not true or false");
    }

    int integer(Object value, String key) throws SpecException {
        if (value instanceof Integer i) {
            return i;
        }
        throw error(key, "'" + value + "' is not a whole number");
    }

    double number(Object value, String key) throws SpecException {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw error(key, "'" + value + "' is not a finite number");
    }

    <E extends Enum<E>> E enumValue(Class<E> type, String name, String key, String what)
            throws SpecException {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(name)) {
                return e;
            }
        }
        throw error(
                key,
                "unknown " + what + " '" + name + "' (use " + names(type.getEnumConstants()) + ")");
    }

    String names(Enum<?>[] values) {
        return Arrays.stream(values)
                .map(
                        v ->
                                v instanceof Aggregate a
                                        ? a.specName()
                                        : v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    SpecException error(String key, String problem) {
        return new SpecException(file + ": " + key + ": " + problem);
    }
}
