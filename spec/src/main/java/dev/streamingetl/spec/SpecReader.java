package dev.streamingetl.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a pipeline spec and checks every rule of PIPELINE-SPEC.md, so that a spec that cannot be
 * used stops the job before anything is submitted, with one line naming the file, the key and what
 * to write instead. Unknown keys are errors: a typo must not be ignored.
 */
final class SpecReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_GROUP_BY = 4;
    private static final List<String> TOP_KEYS =
            List.of(
                    "version",
                    "fields",
                    "event_time",
                    "window",
                    "group_by",
                    "distinct",
                    "measures",
                    "lake");
    private static final List<String> COMMON_KEYS = List.of("type", "path", "required");
    private static final Map<FieldType, List<String>> TYPE_KEYS =
            Map.of(
                    FieldType.STRING,
                    List.of("normalize", "pattern", "min_length", "max_length", "enum"),
                    FieldType.NUMBER,
                    List.of("min", "max"),
                    FieldType.INTEGER,
                    List.of("min", "max"),
                    FieldType.TIMESTAMP,
                    List.of("format"),
                    FieldType.BOOLEAN,
                    List.of(),
                    FieldType.JSON,
                    List.of());

    /** Hive's folders after the partition fields: no group field may take their names. */
    private static final Set<String> RESERVED = Set.of("dt", "hour");

    private final String file;

    private SpecReader(String file) {
        this.file = file;
    }

    static PipelineSpec read(Path file) throws SpecException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SpecException(file + ": no such file (--pipeline names a spec file)");
        } catch (IOException e) {
            throw new SpecException(
                    file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return read(file.toString(), text);
    }

    static PipelineSpec read(String source, String yaml) throws SpecException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            String why = e.getMessage().replaceAll("\\s+", " ").strip();
            throw new SpecException(source + ": not valid YAML: " + why);
        }
        return new SpecReader(source).spec(root);
    }

    private PipelineSpec spec(Object root) throws SpecException {
        if (root == null) {
            throw new SpecException(
                    file + ": is empty (write version: 1, fields, event_time, group_by, ...)");
        }
        Map<String, Object> top = map(root, "the spec");
        onlyKeys(top, "", TOP_KEYS);
        Object version = top.get("version");
        if (version != null && !Integer.valueOf(1).equals(version)) {
            throw error("version", "unsupported version '" + version + "' (write version: 1)");
        }
        List<FieldSpec> fields = fields(top.get("fields"));
        Map<String, FieldSpec> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));

        String eventTime = eventTime(top.get("event_time"), byName);
        Duration window = window(top.get("window"));
        List<String> groupBy = groupBy(top.get("group_by"), byName);
        Map<String, String> distinct = distinct(top.get("distinct"), byName);
        List<Measure> measures = measures(top.get("measures"), byName);
        List<String> partitionBy = partitionBy(top.get("lake"), groupBy);
        checkColumnsUnique(groupBy, distinct, measures);
        return new PipelineSpec(
                file, fields, eventTime, window, groupBy, distinct, measures, partitionBy);
    }

    private List<FieldSpec> fields(Object value) throws SpecException {
        if (value == null) {
            throw error(
                    "fields",
                    "missing (list every field the pipeline reads, e.g. fields: {ts: {type: timestamp, required: true}})");
        }
        Map<String, Object> fields = map(value, "fields");
        if (fields.isEmpty()) {
            throw error("fields", "empty (list every field the pipeline reads)");
        }
        List<FieldSpec> result = new ArrayList<>();
        Map<List<String>, String> paths = new HashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            FieldSpec field = field(e.getKey(), e.getValue());
            String other = paths.putIfAbsent(field.path(), field.name());
            if (other != null) {
                throw error(
                        "fields." + field.name() + ".path",
                        "'"
                                + String.join(".", field.path())
                                + "' is read by fields."
                                + other
                                + " already (one field per path)");
            }
            result.add(field);
        }
        return List.copyOf(result);
    }

    private FieldSpec field(String name, Object value) throws SpecException {
        String key = "fields." + name;
        if (!NAME.matcher(name).matches()) {
            throw error(
                    key,
                    "not a valid field name (letters, digits and _, starting with a letter or _,"
                            + " at most 64; read other keys with path:)");
        }
        Map<String, Object> spec = map(value, key);
        if (!spec.containsKey("type")) {
            throw error(key + ".type", "missing (use " + names(FieldType.values()) + ")");
        }
        String typeName = string(spec.get("type"), key + ".type");
        FieldType type = enumValue(FieldType.class, typeName, key + ".type", "type");
        List<String> allowedKeys = new ArrayList<>(COMMON_KEYS);
        allowedKeys.addAll(TYPE_KEYS.get(type));
        for (String k : spec.keySet()) {
            if (!allowedKeys.contains(k)) {
                throw error(
                        key + "." + k,
                        "unknown key for a "
                                + typeName
                                + " field (use "
                                + String.join(", ", allowedKeys)
                                + ")");
            }
        }
        List<String> path = path(spec.get("path"), name, key + ".path");
        boolean required =
                spec.containsKey("required") && bool(spec.get("required"), key + ".required");

        Set<Normalize> normalize = EnumSet.noneOf(Normalize.class);
        if (spec.containsKey("normalize")) {
            for (Object n : list(spec.get("normalize"), key + ".normalize")) {
                normalize.add(
                        enumValue(
                                Normalize.class,
                                string(n, key + ".normalize"),
                                key + ".normalize",
                                "normalization"));
            }
        }
        String pattern = null;
        if (spec.containsKey("pattern")) {
            pattern = string(spec.get("pattern"), key + ".pattern");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw error(
                        key + ".pattern",
                        "not a regular expression: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex());
            }
        }
        int minLength =
                spec.containsKey("min_length")
                        ? integer(spec.get("min_length"), key + ".min_length")
                        : FieldSpec.DEFAULT_MIN_LENGTH;
        int maxLength =
                spec.containsKey("max_length")
                        ? integer(spec.get("max_length"), key + ".max_length")
                        : FieldSpec.DEFAULT_MAX_LENGTH;
        if (minLength < 0 || maxLength < 1 || minLength > maxLength) {
            throw error(
                    key,
                    "min_length "
                            + minLength
                            + " and max_length "
                            + maxLength
                            + " leave no length (write 0 <= min_length <= max_length, max_length >= 1)");
        }
        List<String> allowed = null;
        if (spec.containsKey("enum")) {
            allowed = new ArrayList<>();
            for (Object v : list(spec.get("enum"), key + ".enum")) {
                allowed.add(scalar(v, key + ".enum"));
            }
            if (allowed.isEmpty()) {
                throw error(key + ".enum", "empty (list the allowed values)");
            }
            allowed = List.copyOf(allowed);
        }
        Double min = spec.containsKey("min") ? number(spec.get("min"), key + ".min") : null;
        Double max = spec.containsKey("max") ? number(spec.get("max"), key + ".max") : null;
        if (min != null && max != null && min > max) {
            throw error(key, "min " + min + " is above max " + max);
        }
        TimeFormat format = null;
        if (type == FieldType.TIMESTAMP) {
            format =
                    spec.containsKey("format")
                            ? enumValue(
                                    TimeFormat.class,
                                    string(spec.get("format"), key + ".format"),
                                    key + ".format",
                                    "format")
                            : TimeFormat.AUTO;
        }
        return new FieldSpec(
                name, type, path, required, normalize, pattern, minLength, maxLength, allowed, min,
                max, format);
    }

    private List<String> path(Object value, String name, String key) throws SpecException {
        if (value == null) {
            return List.of(name);
        }
        String dotted = string(value, key);
        List<String> segments = Arrays.asList(dotted.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw error(key, "'" + dotted + "' has an empty key (write e.g. meta.site)");
        }
        return List.copyOf(segments);
    }

    private String eventTime(Object value, Map<String, FieldSpec> fields) throws SpecException {
        if (value == null) {
            throw error(
                    "event_time",
                    "missing (name the timestamp field that drives the windows, e.g. event_time: ts)");
        }
        FieldSpec field = known(string(value, "event_time"), "event_time", fields);
        if (field.type() != FieldType.TIMESTAMP) {
            throw wrongType("event_time", field, "name a timestamp field");
        }
        requireRequired(field, "event_time");
        return field.name();
    }

    private Duration window(Object value) throws SpecException {
        if (value == null) {
            return null;
        }
        String text = scalar(value, "window");
        Duration window;
        try {
            window = TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw error(
                    "window", "'" + text + "' is not a duration (write e.g. 500ms, 10s, 1m, 1h)");
        }
        if (window.isZero() || window.isNegative()) {
            throw error("window", "must be positive (write e.g. 10s)");
        }
        return window;
    }

    private List<String> groupBy(Object value, Map<String, FieldSpec> fields) throws SpecException {
        if (value == null) {
            throw error(
                    "group_by",
                    "missing (name 1 to 4 required string fields, e.g. group_by: [event_type])");
        }
        List<String> names = names(value, "group_by");
        if (names.isEmpty() || names.size() > MAX_GROUP_BY) {
            throw error(
                    "group_by",
                    names.size()
                            + " fields (name 1 to "
                            + MAX_GROUP_BY
                            + " required string fields)");
        }
        for (String name : names) {
            FieldSpec field = known(name, "group_by", fields);
            if (field.type() != FieldType.STRING) {
                throw wrongType("group_by", field, "group by string fields");
            }
            requireRequired(field, "group_by");
            if (RESERVED.contains(name)) {
                throw error(
                        "group_by",
                        "'"
                                + name
                                + "' is the name of a lake folder (name the field otherwise and read it with path: "
                                + name
                                + ")");
            }
        }
        return names;
    }

    private Map<String, String> distinct(Object value, Map<String, FieldSpec> fields)
            throws SpecException {
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        for (Map.Entry<String, Object> e : map(value, "distinct").entrySet()) {
            String key = "distinct." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw error(key, "not a valid column name (letters, digits and _)");
            }
            FieldSpec field = known(string(e.getValue(), key), key, fields);
            if (field.type() != FieldType.STRING && !field.type().isNumeric()) {
                throw wrongType(key, field, "count distinct string, integer or number fields");
            }
            result.put(e.getKey(), field.name());
        }
        return result;
    }

    private List<Measure> measures(Object value, Map<String, FieldSpec> fields)
            throws SpecException {
        List<Measure> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        String all = names(Aggregate.values());
        for (Map.Entry<String, Object> e : map(value, "measures").entrySet()) {
            String key = "measures." + e.getKey();
            FieldSpec field = known(e.getKey(), key, fields);
            if (!field.type().isNumeric()) {
                throw wrongType(key, field, "measure number or integer fields");
            }
            Set<Aggregate> aggregates = EnumSet.noneOf(Aggregate.class);
            for (Object a : list(e.getValue(), key)) {
                String name = scalar(a, key);
                Aggregate aggregate = null;
                for (Aggregate candidate : Aggregate.values()) {
                    if (candidate.specName().equals(name)) {
                        aggregate = candidate;
                    }
                }
                if (aggregate == null) {
                    throw error(key, "unknown aggregate '" + name + "' (use " + all + ")");
                }
                if (!aggregates.add(aggregate)) {
                    throw error(key, "'" + name + "' given twice");
                }
            }
            if (aggregates.isEmpty()) {
                throw error(key, "no aggregates (use " + all + ")");
            }
            result.add(new Measure(field.name(), List.copyOf(aggregates)));
        }
        return result;
    }

    private List<String> partitionBy(Object value, List<String> groupBy) throws SpecException {
        if (value == null) {
            return List.of(groupBy.get(0));
        }
        Map<String, Object> lake = map(value, "lake");
        onlyKeys(lake, "lake.", List.of("partition_by"));
        if (!lake.containsKey("partition_by")) {
            return List.of(groupBy.get(0));
        }
        List<String> names = names(lake.get("partition_by"), "lake.partition_by");
        if (names.isEmpty()) {
            throw error(
                    "lake.partition_by",
                    "empty (name group_by fields, e.g. [" + groupBy.get(0) + "])");
        }
        for (String name : names) {
            if (!groupBy.contains(name)) {
                throw error(
                        "lake.partition_by",
                        "'"
                                + name
                                + "' is not a group_by field (use "
                                + String.join(", ", groupBy)
                                + ")");
            }
        }
        return names;
    }

    private void checkColumnsUnique(
            List<String> groupBy, Map<String, String> distinct, List<Measure> measures)
            throws SpecException {
        Map<String, String> columns = new HashMap<>();
        for (String fixed : List.of("window_start", "window_end", "event_count", "emitted_at")) {
            columns.put(fixed, "the aggregate's own column");
        }
        for (String g : groupBy) {
            claim(columns, g, "group_by");
        }
        for (String d : distinct.keySet()) {
            claim(columns, d, "distinct." + d);
        }
        for (Measure m : measures) {
            for (Aggregate a : m.aggregates()) {
                claim(columns, m.column(a), "measures." + m.field());
            }
        }
    }

    private void claim(Map<String, String> columns, String column, String key)
            throws SpecException {
        String owner = columns.putIfAbsent(column, key);
        if (owner != null) {
            throw error(
                    key,
                    "the output column '"
                            + column
                            + "' is "
                            + (owner.startsWith("the") ? owner : "made by " + owner)
                            + " already (choose another name)");
        }
    }

    private FieldSpec known(String name, String key, Map<String, FieldSpec> fields)
            throws SpecException {
        FieldSpec field = fields.get(name);
        if (field == null) {
            throw error(
                    key,
                    "unknown field '"
                            + name
                            + "' (use one of fields: "
                            + String.join(", ", fields.keySet())
                            + ")");
        }
        return field;
    }

    private SpecException wrongType(String key, FieldSpec field, String fix) {
        return error(
                key,
                "field '" + field.name() + "' is a " + field.type().specName() + " (" + fix + ")");
    }

    private void requireRequired(FieldSpec field, String key) throws SpecException {
        if (!field.required()) {
            throw error(
                    key,
                    "field '"
                            + field.name()
                            + "' must be required (add required: true to fields."
                            + field.name()
                            + ")");
        }
    }

    // The YAML's shapes.

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String key) throws SpecException {
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

    private void onlyKeys(Map<String, Object> map, String prefix, List<String> allowed)
            throws SpecException {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw error(prefix + k, "unknown key (use " + String.join(", ", allowed) + ")");
            }
        }
    }

    private List<?> list(Object value, String key) throws SpecException {
        if (value instanceof List<?> l) {
            return l;
        }
        throw error(key, "not a list (write [a, b])");
    }

    /** A list of names, or a single one. */
    private List<String> names(Object value, String key) throws SpecException {
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

    private String string(Object value, String key) throws SpecException {
        if (value instanceof String s) {
            return s;
        }
        throw error(key, "'" + value + "' is not a string");
    }

    /** A string, number or boolean, as written. */
    private String scalar(Object value, String key) throws SpecException {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw error(key, "'" + value + "' is not a single value");
    }

    private boolean bool(Object value, String key) throws SpecException {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error(key, "'" + value + "' is not true or false");
    }

    private int integer(Object value, String key) throws SpecException {
        if (value instanceof Integer i) {
            return i;
        }
        throw error(key, "'" + value + "' is not a whole number");
    }

    private double number(Object value, String key) throws SpecException {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw error(key, "'" + value + "' is not a finite number");
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String name, String key, String what)
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

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values)
                .map(
                        v ->
                                v instanceof Aggregate a
                                        ? a.specName()
                                        : v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private SpecException error(String key, String problem) {
        return new SpecException(file + ": " + key + ": " + problem);
    }
}
