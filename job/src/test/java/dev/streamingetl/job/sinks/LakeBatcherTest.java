package dev.streamingetl.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.functions.TumblingWindows;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.spec.PipelineSpec;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * {@link LakeBatcher} with Flink's operator harness: hours closed by watermarks, flushes, restore.
 */
class LakeBatcherTest {

    private static final long HOUR = 3_600_000L;
    private static final long FLUSH = 60_000L;

    @Test
    void releasesAnHourWithItsMarkOnceTheWatermarkClosesItsLastWindow() throws Exception {
        try (var harness =
                harness(new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 0)))) {
            harness.open();
            harness.processElement(row("click", 0), 0);
            harness.processElement(row("view", HOUR - 10_000), 0);
            harness.processElement(row("click", HOUR), 0);
            harness.processWatermark(new Watermark(HOUR - 2));
            assertThat(written(harness)).isEmpty();

            harness.processWatermark(new Watermark(HOUR - 1));
            assertThat(written(harness))
                    .containsExactly(
                            "row event_type=click/dt=1970-01-01/hour=00 0",
                            "mark event_type=click/dt=1970-01-01/hour=00",
                            "row event_type=view/dt=1970-01-01/hour=00 3590000",
                            "mark event_type=view/dt=1970-01-01/hour=00");
        }
    }

    @Test
    void releasesWhatItHoldsAtTheFirstCheckpointAfterTheFlushInterval() throws Exception {
        try (var harness =
                harness(new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 0)))) {
            harness.setProcessingTime(0);
            harness.open();
            harness.processElement(row("click", 0), 0);
            harness.setProcessingTime(FLUSH - 1);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(written(harness)).isEmpty();

            harness.setProcessingTime(FLUSH);
            harness.prepareSnapshotPreBarrier(2);
            harness.processElement(row("click", 10_000), 0);
            assertThat(written(harness))
                    .containsExactly("row event_type=click/dt=1970-01-01/hour=00 0");

            // The partition stays open: its second row and its mark come when the hour closes.
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(written(harness))
                    .containsExactly(
                            "row event_type=click/dt=1970-01-01/hour=00 0",
                            "row event_type=click/dt=1970-01-01/hour=00 10000",
                            "mark event_type=click/dt=1970-01-01/hour=00");
        }
    }

    @Test
    void keepsHeldRowsAndOpenPartitionsAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness =
                harness(new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 0)))) {
            harness.open();
            harness.processElement(row("click", 0), 0);
            harness.setProcessingTime(FLUSH);
            harness.prepareSnapshotPreBarrier(1);
            harness.processElement(row("click", 20_000), 0);
            snapshot = harness.snapshot(1, FLUSH);
        }
        try (var restored =
                harness(new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 0)))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processWatermark(new Watermark(HOUR - 1));
            assertThat(written(restored))
                    .containsExactly(
                            "row event_type=click/dt=1970-01-01/hour=00 20000",
                            "mark event_type=click/dt=1970-01-01/hour=00");
        }
    }

    @Test
    void anHourIsCompleteAfterItsLastWindowAndTheAllowedLateness() {
        // 7 s windows do not divide an hour: the last window starting in hour 0 ends at 3,605 s.
        assertThat(
                        new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(7_000, 0))
                                .completesAt(HOUR - 1))
                .isEqualTo(3_604_999);
        assertThat(
                        new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 30_000))
                                .completesAt(0))
                .isEqualTo(HOUR - 1 + 30_000);
        assertThat(
                        new LakeBatcher(PARTITIONS, FLUSH, new TumblingWindows(10_000, 0))
                                .completesAt(HOUR))
                .isEqualTo(2 * HOUR - 1);
    }

    private static OneInputStreamOperatorTestHarness<SpecAggregate, Either<SpecAggregate, String>>
            harness(LakeBatcher batcher) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(batcher);
        harness.setup(LakeBatcher.OUTPUT.createSerializer(new SerializerConfigImpl()));
        return harness;
    }

    private static final HivePartitionAssigner.Aggregates PARTITIONS =
            new HivePartitionAssigner.Aggregates(PipelineSpec.defaultSpec());

    private static SpecAggregate row(String type, long windowStart) {
        Object[] values = {1L, 1L, 0L, null, null, null, null, null, null, null};
        return new SpecAggregate(windowStart, windowStart + 10_000, new String[] {type}, values, 0);
    }

    private static List<String> written(
            OneInputStreamOperatorTestHarness<SpecAggregate, Either<SpecAggregate, String>>
                    harness) {
        return harness.getOutput().stream()
                .filter(o -> o instanceof StreamRecord<?>)
                .map(o -> describe(((StreamRecord<Either<SpecAggregate, String>>) o).getValue()))
                .toList();
    }

    private static String describe(Either<SpecAggregate, String> e) {
        return e.isLeft()
                ? "row " + PARTITIONS.partitionOf(e.left()) + " " + e.left().windowStart()
                : "mark " + e.right();
    }
}
