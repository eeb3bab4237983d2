package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.RecordTypes;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** Tests for {@link RestoredWatermarkFilter}. */
class RestoredWatermarkFilterTest {

    private static final OutputTag<Event> LATE = new OutputTag<>("late", RecordTypes.EVENT);

    @Test
    void passesEverythingWhenNotRestored() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(50_000));
            harness.processElement(record(1_000));
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.getSideOutput(LATE)).isNull();
        }
    }

    @Test
    void afterRestoreRoutesEventsOfWindowsClosedBeforeTheCheckpointToLate() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(9_999));
            harness.processElement(record(12_000));
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(record(5_000)); // window [0, 10s) had closed
            restored.processElement(record(10_000)); // window [10s, 20s) had not
            assertThat(restored.getSideOutput(LATE))
                    .extracting(r -> r.getValue().timestamp())
                    .containsExactly(5_000L);
            assertThat(restored.extractOutputValues())
                    .extracting(Event::timestamp)
                    .containsExactly(10_000L);

            restored.processWatermark(new Watermark(19_999)); // the live watermark caught up
            restored.processElement(record(5_000));
            assertThat(restored.extractOutputValues())
                    .extracting(Event::timestamp)
                    .containsExactly(10_000L, 5_000L);
        }
    }

    private static OneInputStreamOperatorTestHarness<Event, Event> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new RestoredWatermarkFilter(10_000, 0, LATE));
    }

    private static StreamRecord<Event> record(long ts) {
        return new StreamRecord<>(new Event("t", "u", ts, 1, 0, 0, new byte[0]), ts);
    }
}
