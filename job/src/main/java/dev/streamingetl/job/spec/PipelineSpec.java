package dev.streamingetl.job.spec;

import dev.streamingetl.job.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the input events look like and what to compute from them: a pipeline spec ({@code --pipeline
 * FILE}, format in PIPELINE-SPEC.md), read and checked once where the job is submitted, then
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

    public static PipelineSpec load(Path file) throws ConfigException {
        return SpecReader.read(file);
    }

    /** The spec of the data contract (CONTRACT.md), shipped as {@code pipelines/default.yaml}. */
    public static PipelineSpec defaultSpec() {
        try (InputStream in = PipelineSpec.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
            }
            return SpecReader.read(
                    "default.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the default spec cannot be read", e);
        }
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
}
