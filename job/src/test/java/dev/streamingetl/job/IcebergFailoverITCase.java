package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.job.testing.Outputs;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * {@link FailoverITCase} with the lake as an Iceberg table, written by Iceberg's own sink from a
 * job that {@code flink run} put on the standalone cluster: after two TaskManager kills, a broker
 * outage and a stop with savepoint resumed at another parallelism, the table holds exactly the
 * reference aggregates, each once, in snapshots of ever later checkpoints.
 */
class IcebergFailoverITCase extends FailoverITCase {

    @Override
    List<String> lakeFlags() {
        return List.of("--lake-format", "iceberg");
    }

    @Override
    Map<String, String> lake() throws Exception {
        return Outputs.lake(table());
    }

    @Override
    void lakeHoldsOnlyCommittedData() {
        // Files of attempts that were killed may stay on disk (removing orphans is maintenance);
        // what a reader sees are the snapshots, one per committed checkpoint, none twice.
        List<Long> checkpoints = IcebergLakes.committedCheckpoints(table());
        assertThat(checkpoints).isNotEmpty().doesNotHaveDuplicates();
    }

    private Table table() {
        return IcebergLakes.aggregates(dir.resolve("lake"));
    }
}
