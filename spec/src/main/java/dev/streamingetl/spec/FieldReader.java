package dev.streamingetl.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads and checks a spec's {@code fields}: each one's type, path and rules. */
final class FieldReader {

    /** What a field or output column may be called. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

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

    private final SpecYaml yaml;

    FieldReader(SpecYaml yaml) {
        this.yaml = yaml;
    }

    List<FieldSpec> read(Object value) throws SpecException {
        if (value == null) {
            throw yaml.error(
                    "fields",
                    "missing (list every field the pipeline reads, e.g. fields: {ts: {type: timestamp, required: true}})");
        }
        Map<String, Object> fields = yaml.map(value, "fields");
        if (fields.isEmpty()) {
            throw yaml.error("fields", "empty (list every field the pipeline reads)");
        }
        List<FieldSpec> result = new ArrayList<>();
        Map<List<String>, String> paths = new HashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            FieldSpec field = field(e.getKey(), e.getValue());
            String other = paths.putIfAbsent(field.path(), field.name());
            if (other != null) {
                throw yaml.error(
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
            throw yaml.error(
                    key,
                    "not a valid field name (letters, digits and _, starting with a letter or _,"
                            + " at most 64; read other keys with path:)");
        }
        Map<String, Object> spec = yaml.map(value, key);
        if (!spec.containsKey("type")) {
            throw yaml.error(key + ".type", "missing (use " + yaml.names(FieldType.values()) + ")");
        }
        String typeName = yaml.string(spec.get("type"), key + ".type");
        FieldType type = yaml.enumValue(FieldType.class, typeName, key + ".type", "type");
        List<String> allowedKeys = new ArrayList<>(COMMON_KEYS);
        allowedKeys.addAll(TYPE_KEYS.get(type));
        for (String k : spec.keySet()) {
            if (!allowedKeys.contains(k)) {
                throw yaml.error(
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
                spec.containsKey("required") && yaml.bool(spec.get("required"), key + ".required");

        Set<Normalize> normalize = EnumSet.noneOf(Normalize.class);
        if (spec.containsKey("normalize")) {
            for (Object n : yaml.list(spec.get("normalize"), key + ".normalize")) {
                normalize.add(
                        yaml.enumValue(
                                Normalize.class,
                                yaml.string(n, key + ".normalize"),
                                key + ".normalize",
                                "normalization"));
            }
        }
        String pattern = null;
        if (spec.containsKey("pattern")) {
            pattern = yaml.string(spec.get("pattern"), key + ".pattern");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw yaml.error(
                        key + ".pattern",
                        "not a regular expression: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex());
            }
        }
        int minLength =
                spec.containsKey("min_length")
                        ? yaml.integer(spec.get("min_length"), key + ".min_length")
                        : FieldSpec.DEFAULT_MIN_LENGTH;
        int maxLength =
                spec.containsKey("max_length")
                        ? yaml.integer(spec.get("max_length"), key + ".max_length")
                        : FieldSpec.DEFAULT_MAX_LENGTH;
        if (minLength < 0 || maxLength < 1 || minLength > maxLength) {
            throw yaml.error(
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
            for (Object v : yaml.list(spec.get("enum"), key + ".enum")) {
                allowed.add(yaml.scalar(v, key + ".enum"));
            }
            if (allowed.isEmpty()) {
                throw yaml.error(key + ".enum", "empty (list the allowed values)");
            }
            allowed = List.copyOf(allowed);
        }
        Double min = spec.containsKey("min") ? yaml.number(spec.get("min"), key + ".min") : null;
        Double max = spec.containsKey("max") ? yaml.number(spec.get("max"), key + ".max") : null;
        if (min != null && max != null && min > max) {
            throw yaml.error(key, "min " + min + " is above max " + max);
        }
        TimeFormat format = null;
        if (type == FieldType.TIMESTAMP) {
            format =
                    spec.containsKey("format")
                            ? yaml.enumValue(
                                    TimeFormat.class,
                                    yaml.string(spec.get("format"), key + ".format"),
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
        String dotted = yaml.string(value, key);
        List<String> segments = Arrays.asList(dotted.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw yaml.error(key, "'" + dotted + "' has an empty key (write e.g. meta.site)");
        }
        return List.copyOf(segments);
    }
}
