package dev.streamingetl.job.records;

import dev.streamingetl.spec.Aggregate;
import dev.streamingetl.spec.Measure;
import dev.streamingetl.spec.PipelineSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a spec's aggregates (docs/pipeline-spec.md, Outputs), for every writer of them:
 * the Parquet schema, the analytics JSON and record key, the Hive partition path.
 */
public final class AggregateColumns implements Serializable {

    private final List<String> group;
    private final List<String> values;
    private final boolean[] counts;
    private final int[] partitionBy;

    public AggregateColumns(PipelineSpec spec) {
        group = List.copyOf(spec.groupBy());
        List<String> names = new ArrayList<>(List.of("event_count"));
        List<Boolean> isCount = new ArrayList<>(List.of(true));
        for (String column : spec.distinct().keySet()) {
            names.add(column);
            isCount.add(true);
        }
        for (Measure m : spec.measures()) {
            for (Aggregate a : m.aggregates()) {
                names.add(m.column(a));
                isCount.add(a == Aggregate.COUNT);
            }
        }
        values = List.copyOf(names);
        counts = new boolean[isCount.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = isCount.get(i);
        }
        partitionBy = spec.partitionBy().stream().mapToInt(group::indexOf).toArray();
    }

    /** The {@code group_by} columns, in order. */
    public List<String> group() {
        return group;
    }

    /** The columns of {@link SpecAggregate#values()}, in order. */
    public List<String> values() {
        return values;
    }

    /** True if value column {@code i} is a count (int64, never null), false for a double. */
    public boolean isCount(int i) {
        return counts[i];
    }

    /** The analytics topic's record key: the group values joined with {@code |}. */
    public String key(SpecAggregate a) {
        return String.join("|", a.group());
    }

    /** The values of the Hive partition folders, in {@code lake.partition_by} order. */
    public String[] partitionValues(SpecAggregate a) {
        String[] values = new String[partitionBy.length];
        for (int i = 0; i < partitionBy.length; i++) {
            values[i] = a.group()[partitionBy[i]];
        }
        return values;
    }
}
