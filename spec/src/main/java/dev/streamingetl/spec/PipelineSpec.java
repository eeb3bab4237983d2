package dev.streamingetl.spec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the input events look like and what to compute from them: a pipeline spec ({@code --pipeline
 * FILE}, format in docs/pipeline-spec.md), read and checked once where the job is submitted, then
 * carried in the job. Without a file the job runs {@link #defaultSpec()}, the data contract.
 *
 * @param fields every field the pipeline reads, in the spec's order
 * @param window the tumbling window, or null to take the {@code --window} flag's
 * @param groupBy 1..4 required string fields
 * @param distinct output column to the field whose distinct values it counts, in spec order
 * @param partitionBy the Hive partition folders before {@code dt=/hour=}
 */
public record PipelineSpec(
        String source,
        List<FieldSpec> fields,
        String eventTime,
        Duration window,
        List<String> groupBy,
        Map<String, String> distinct,
        List<Measure> measures,
        List<String> partitionBy)
        implements Serializable {

    /** The classpath resource of the default spec (the repository's {@code pipelines/}). */
    static final String DEFAULT_RESOURCE = "/pipelines/default.yaml";

    public static PipelineSpec load(Path file) throws SpecException {
        return SpecReader.read(file);
    }

    /** A spec that {@link #toYaml()} wrote, e.g. into a checkpoint. */
    public static PipelineSpec parse(String yaml) throws SpecException {
        return SpecReader.read("checkpointed spec", yaml);
    }

    /** The spec of the default data contract, shipped as {@code pipelines/default.yaml}. */
    public static PipelineSpec defaultSpec() {
        try (InputStream in = PipelineSpec.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
            }
            return SpecReader.read(
                    "default.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SpecException e) {
            throw new IllegalStateException("the default spec cannot be read", e);
        }
    }

    /** This spec with its window set: how the job records the window it runs. */
    public PipelineSpec withWindow(Duration window) {
        return new PipelineSpec(
                source, fields, eventTime, window, groupBy, distinct, measures, partitionBy);
    }

    public FieldSpec field(String name) {
        for (FieldSpec f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + source);
    }

    /**
     * The aggregate columns in their order: window bounds, group fields, {@code event_count}, the
     * distinct columns, each measure's aggregates, {@code emitted_at}.
     */
    public List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("window_start", "window_end"));
        columns.addAll(groupBy);
        columns.add("event_count");
        columns.addAll(distinct.keySet());
        for (Measure m : measures) {
            m.aggregates().forEach(a -> columns.add(m.column(a)));
        }
        columns.add("emitted_at");
        return columns;
    }

    /**
     * The spec as the job understood it, every default filled in, in the spec format: what the log
     * and the Web UI show, and a spec that reads back to this one.
     */
    public String toYaml() {
        StringBuilder y = new StringBuilder("version: 1\nfields:\n");
        for (FieldSpec f : fields) {
            y.append("  ").append(f.name()).append(": {type: ").append(f.type().specName());
            if (!f.path().equals(List.of(f.name()))) {
                y.append(", path: ").append(quote(String.join(".", f.path())));
            }
            y.append(", required: ").append(f.required());
            if (f.type() == FieldType.STRING) {
                if (!f.normalize().isEmpty()) {
                    y.append(", normalize: [")
                            .append(
                                    String.join(
                                            ", ",
                                            f.normalize().stream()
                                                    .map(Normalize::specName)
                                                    .toList()))
                            .append("]");
                }
                if (f.pattern() != null) {
                    y.append(", pattern: ").append(quote(f.pattern()));
                }
                y.append(", min_length: ").append(f.minLength());
                y.append(", max_length: ").append(f.maxLength());
                if (f.allowed() != null) {
                    y.append(", enum: [")
                            .append(
                                    String.join(
                                            ", ",
                                            f.allowed().stream().map(PipelineSpec::quote).toList()))
                            .append("]");
                }
            }
            if (f.min() != null) {
                y.append(", min: ").append(f.min());
            }
            if (f.max() != null) {
                y.append(", max: ").append(f.max());
            }
            if (f.format() != null) {
                y.append(", format: ").append(f.format().specName());
            }
            y.append("}\n");
        }
        y.append("event_time: ").append(eventTime).append('\n');
        if (window != null) {
            y.append("window: ").append(window.toMillis()).append("ms\n");
        }
        y.append("group_by: [").append(String.join(", ", groupBy)).append("]\n");
        if (!distinct.isEmpty()) {
            y.append("distinct:\n");
            distinct.forEach(
                    (column, field) ->
                            y.append("  ").append(column).append(": ").append(field).append('\n'));
        }
        if (!measures.isEmpty()) {
            y.append("measures:\n");
            for (Measure m : measures) {
                y.append("  ")
                        .append(m.field())
                        .append(": [")
                        .append(
                                String.join(
                                        ", ",
                                        m.aggregates().stream().map(Aggregate::specName).toList()))
                        .append("]\n");
            }
        }
        y.append("lake:\n  partition_by: [").append(String.join(", ", partitionBy)).append("]\n");
        return y.toString();
    }

    /**
     * How this spec's aggregation differs from {@code restored}'s (event time, window, group_by,
     * distinct, measures): one entry per difference, empty if a checkpoint of one can be restored
     * by the other. Validation rules may change freely.
     */
    public List<String> aggregationChanges(PipelineSpec restored) {
        List<String> changes = new ArrayList<>();
        change(changes, "event_time", restored.eventTime, eventTime);
        change(changes, "window", restored.window, window);
        change(changes, "group_by", restored.groupBy, groupBy);
        change(changes, "distinct", restored.distinct, distinct);
        change(changes, "measures", restored.measures, measures);
        return changes;
    }

    private static void change(List<String> changes, String key, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            changes.add(key + " " + show(was) + " -> " + show(now));
        }
    }

    private static String show(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Measure) {
            return list.stream()
                    .map(
                            m ->
                                    ((Measure) m).field()
                                            + ": "
                                            + ((Measure) m)
                                                    .aggregates().stream()
                                                            .map(Aggregate::specName)
                                                            .toList())
                    .toList()
                    .toString();
        }
        return String.valueOf(value);
    }

    /** A YAML double-quoted string: JSON's escaping is YAML's. */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
