package dev.streamingetl.job.functions;

import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.SpecException;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Keeps the pipeline spec in every checkpoint and savepoint, and refuses a restore from one taken
 * with another aggregation (event time, window, group_by, distinct, measures): its window state has
 * another layout, and mixing the two would write wrong aggregates. The job fails at once, without
 * restarts, with one line naming the difference; validation rules may change freely.
 */
final class RestoredSpecCheck {

    private RestoredSpecCheck() {}

    /** Checks the restored spec, if any, against {@code spec} and stores {@code spec} instead. */
    static void check(OperatorStateStore store, PipelineSpec spec, boolean restored)
            throws Exception {
        // Union state: after a rescale every subtask sees it.
        ListState<String> specs =
                store.getUnionListState(new ListStateDescriptor<>("pipeline-spec", Types.STRING));
        if (restored) {
            for (String yaml : specs.get()) {
                List<String> changes = spec.aggregationChanges(PipelineSpec.parse(yaml));
                if (!changes.isEmpty()) {
                    throw new SuppressRestartsException(
                            new SpecException(
                                    spec.source()
                                            + ": the checkpoint to restore was taken with another aggregation ("
                                            + String.join("; ", changes)
                                            + "): restore with the spec it was taken with, or start without --restore-from"));
                }
            }
        }
        specs.update(List.of(spec.toYaml()));
    }
}
