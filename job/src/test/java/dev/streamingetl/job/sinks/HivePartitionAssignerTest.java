package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

/** Tests for {@link HivePartitionAssigner}: folders as Hive names them. */
class HivePartitionAssignerTest {

    @Test
    void escapesValuesAsHiveDoes() {
        // Hive's FileUtils.escapePathName: these become %XX, everything else stays.
        assertThat(HivePartitionAssigner.escape("eu/west=1")).isEqualTo("eu%2Fwest%3D1");
        assertThat(HivePartitionAssigner.escape("50% #1: 'a'?"))
                .isEqualTo("50%25 %231%3A %27a%27%3F");
        assertThat(HivePartitionAssigner.escape("\"*\\{[]^\u0001\u007f"))
                .isEqualTo("%22%2A%5C%7B%5B%5D%5E%01%7F");
        assertThat(HivePartitionAssigner.escape("Zürich-2 x_y.z")).isEqualTo("Zürich-2 x_y.z");
        assertThat(HivePartitionAssigner.escape("")).isEqualTo("__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void anAggregateGoesUnderItsPartitionFieldsThenItsHourInUtc() throws Exception {
        var spec =
                PipelineSpec.parse(
                        """
                        version: 1
                        fields:
                          site: {type: string, required: true}
                          kind: {type: string, required: true}
                          at: {type: timestamp, required: true}
                        event_time: at
                        group_by: [site, kind]
                        lake:
                          partition_by: [kind, site]
                        """);
        SpecAggregate a =
                new SpecAggregate(
                        1_795_514_400_000L + 3_599_999L,
                        0,
                        new String[] {"eu/west", "temp"},
                        new Object[] {1L},
                        0);
        assertThat(new HivePartitionAssigner.Aggregates(spec).partitionOf(a))
                .isEqualTo("kind=temp/site=eu%2Fwest/dt=2026-11-24/hour=10");
    }
}
