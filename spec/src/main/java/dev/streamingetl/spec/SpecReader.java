package dev.streamingetl.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a pipeline spec and checks every rule of docs/pipeline-spec.md, so that a spec that cannot
 * be used stops the job before anything is submitted, with one line naming the file, the key and
 * what to write instead. Unknown keys are errors: a typo must not be ignored.
 */
final class SpecReader {

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

    /** Hive's folders after the partition fields: no group field may take their names. */
    private static final Set<String> RESERVED = Set.of("dt", "hour");

    private final String file;
    private final SpecYaml yaml;
    private final FieldReader fieldReader;

    private SpecReader(String file) {
        this.file = file;
        this.yaml = new SpecYaml(file);
        this.fieldReader = new FieldReader(yaml);
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
        Map<String, Object> top = yaml.map(root, "the spec");
        yaml.onlyKeys(top, "", TOP_KEYS);
        Object version = top.get("version");
        if (version != null && !Integer.valueOf(1).equals(version)) {
            throw yaml.error("version", "unsupported version '" + version + "' (write version: 1)");
        }
        List<FieldSpec> fields = fieldReader.read(top.get("fields"));
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

    private String eventTime(Object value, Map<String, FieldSpec> fields) throws SpecException {
        if (value == null) {
            throw yaml.error(
                    "event_time",
                    "missing (name the timestamp field that drives the windows, e.g. event_time: ts)");
        }
        FieldSpec field = known(yaml.string(value, "event_time"), "event_time", fields);
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
        String text = yaml.scalar(value, "window");
        Duration window;
        try {
            window = TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw yaml.error(
                    "window", "'" + text + "' is not a duration (write e.g. 500ms, 10s, 1m, 1h)");
        }
        if (window.isZero() || window.isNegative()) {
            throw yaml.error("window", "must be positive (write e.g. 10s)");
        }
        return window;
    }

    private List<String> groupBy(Object value, Map<String, FieldSpec> fields) throws SpecException {
        if (value == null) {
            throw yaml.error(
                    "group_by",
                    "missing (name 1 to 4 required string fields, e.g. group_by: [event_type])");
        }
        List<String> names = yaml.names(value, "group_by");
        if (names.isEmpty() || names.size() > MAX_GROUP_BY) {
            throw yaml.error(
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
                throw yaml.error(
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
        for (Map.Entry<String, Object> e : yaml.map(value, "distinct").entrySet()) {
            String key = "distinct." + e.getKey();
            if (!FieldReader.NAME.matcher(e.getKey()).matches()) {
                throw yaml.error(key, "not a valid column name (letters, digits and _)");
            }
            FieldSpec field = known(yaml.string(e.getValue(), key), key, fields);
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
        String all = yaml.names(Aggregate.values());
        for (Map.Entry<String, Object> e : yaml.map(value, "measures").entrySet()) {
            String key = "measures." + e.getKey();
            FieldSpec field = known(e.getKey(), key, fields);
            if (!field.type().isNumeric()) {
                throw wrongType(key, field, "measure number or integer fields");
            }
            Set<Aggregate> aggregates = EnumSet.noneOf(Aggregate.class);
            for (Object a : yaml.list(e.getValue(), key)) {
                String name = yaml.scalar(a, key);
                Aggregate aggregate = null;
                for (Aggregate candidate : Aggregate.values()) {
                    if (candidate.specName().equals(name)) {
                        aggregate = candidate;
                    }
                }
                if (aggregate == null) {
                    throw yaml.error(key, "unknown aggregate '" + name + "' (use " + all + ")");
                }
                if (!aggregates.add(aggregate)) {
                    throw yaml.error(key, "'" + name + "' given twice");
                }
            }
            if (aggregates.isEmpty()) {
                throw yaml.error(key, "no aggregates (use " + all + ")");
            }
            result.add(new Measure(field.name(), List.copyOf(aggregates)));
        }
        return result;
    }

    private List<String> partitionBy(Object value, List<String> groupBy) throws SpecException {
        if (value == null) {
            return List.of(groupBy.get(0));
        }
        Map<String, Object> lake = yaml.map(value, "lake");
        yaml.onlyKeys(lake, "lake.", List.of("partition_by"));
        if (!lake.containsKey("partition_by")) {
            return List.of(groupBy.get(0));
        }
        List<String> names = yaml.names(lake.get("partition_by"), "lake.partition_by");
        if (names.isEmpty()) {
            throw yaml.error(
                    "lake.partition_by",
                    "empty (name group_by fields, e.g. [" + groupBy.get(0) + "])");
        }
        for (String name : names) {
            if (!groupBy.contains(name)) {
                throw yaml.error(
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
            throw yaml.error(
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
            throw yaml.error(
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
        return yaml.error(
                key,
                "field '" + field.name() + "' is a " + field.type().specName() + " (" + fix + ")");
    }

    private void requireRequired(FieldSpec field, String key) throws SpecException {
        if (!field.required()) {
            throw yaml.error(
                    key,
                    "field '"
                            + field.name()
                            + "' must be required (add required: true to fields."
                            + field.name()
                            + ")");
        }
    }
}
