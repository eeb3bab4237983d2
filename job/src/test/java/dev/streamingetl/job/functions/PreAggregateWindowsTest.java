package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.testing.DefaultSpecEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** Tests for {@link PreAggregateWindows}. */
class PreAggregateWindowsTest {

    private static final OutputTag<SpecEvent> LATE = new OutputTag<>("late", RecordTypes.EVENT);

    @Test
    void sendsOnePartialPerWindowAndTypeRightBeforeTheWatermarkThatFiresIt() throws Exception {
        try (var harness = harness(0, 1)) {
            harness.open();
            harness.processElement(event("click", 1_000, 1));
            harness.processElement(event("view", 2_000, 2));
            harness.processElement(event("click", 9_999, Double.NaN));
            harness.processElement(event("click", 12_000, 4)); // the next window
            harness.processWatermark(new Watermark(9_998));
            assertThat(output(harness)).containsExactly("watermark 9998");

            harness.processWatermark(new Watermark(9_999));
            assertThat(output(harness))
                    .containsExactly(
                            "watermark 9998",
                            "partial click@0 count=2 values=1 sum=1.0 ts=9999",
                            "partial view@0 count=1 values=1 sum=2.0 ts=9999",
                            "watermark 9999");
        }
    }

    @Test
    void sendsEveryOpenPartialBeforeACheckpointBarrierAndKeepsNoneInState() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(0, 1)) {
            harness.open();
            harness.processElement(event("click", 1_000, 1));
            harness.processElement(event("click", 15_000, 2));
            harness.prepareSnapshotPreBarrier(1);
            snapshot = harness.snapshot(1, 1);
            assertThat(output(harness))
                    .containsExactly(
                            "partial click@0 count=1 values=1 sum=1.0 ts=9999",
                            "partial click@10000 count=1 values=1 sum=2.0 ts=19999");
        }
        try (var restored = harness(0, 1)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(output(restored)).containsExactly("watermark " + Long.MAX_VALUE);
        }
    }

    @Test
    void aggregatesEventsWithinTheLatenessAndSendsLaterOnesToTheLateOutput() throws Exception {
        try (var harness = harness(5_000, 0, 1)) {
            harness.open();
            harness.processElement(event("click", 1_000, 1));
            harness.processWatermark(new Watermark(10_000));
            harness.processElement(event("click", 2_000, 2)); // late, but within 5 s
            harness.processWatermark(new Watermark(14_999));
            harness.processElement(event("click", 3_000, 3)); // beyond the lateness
            assertThat(output(harness))
                    .containsExactly(
                            "partial click@0 count=1 values=1 sum=1.0 ts=9999",
                            "watermark 10000",
                            "partial click@0 count=1 values=1 sum=2.0 ts=9999",
                            "watermark 14999");
            assertThat(harness.getSideOutput(LATE))
                    .extracting(r -> r.getValue().eventTime())
                    .containsExactly(3_000L);
        }
    }

    @Test
    void afterARestoreTheLargestCheckpointedWatermarkJudgesLatenessUntilTheLiveOnePassesIt()
            throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var harness = harness(0, 2)) {
            harness.open();
            harness.processWatermark(new Watermark(9_999));
            first = harness.snapshot(1, 1);
        }
        try (var harness = harness(1, 2)) {
            harness.open();
            harness.processWatermark(new Watermark(4_999));
            second = harness.snapshot(1, 1);
        }
        try (var restored = harness(0, 1)) {
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repackageState(first, second));
            restored.open();
            restored.processElement(event("click", 5_000, 1)); // [0, 10s) had closed
            restored.processElement(event("click", 10_000, 2)); // [10s, 20s) had not
            restored.processWatermark(new Watermark(19_999));
            assertThat(restored.getSideOutput(LATE))
                    .extracting(r -> r.getValue().eventTime())
                    .containsExactly(5_000L);
            assertThat(output(restored))
                    .containsExactly(
                            "partial click@10000 count=1 values=1 sum=2.0 ts=19999",
                            "watermark 19999");
        }
    }

    @Test
    void anIdleSubtaskKeepsAggregatingAndNeverTellsTheWindowOperatorItIsIdle() throws Exception {
        try (var harness = harness(0, 2)) {
            harness.open();
            harness.processElement(event("click", 1_000, 1));
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            // A source marks itself active again with its next watermark, after the records.
            harness.processElement(event("click", 2_000, 2));
            harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
            harness.processElement(event("click", 3_000, 3));
            harness.processWatermark(new Watermark(9_999));
            assertThat(output(harness))
                    .containsExactly(
                            "partial click@0 count=3 values=3 sum=6.0 ts=9999", "watermark 9999");
        }
    }

    @Test
    void theEndOfInputSendsTheFinalWatermarkEvenWhenTheInputIsIdle() throws Exception {
        try (var harness = harness(1, 2)) {
            harness.open();
            harness.processElement(event("click", 1_000, 1));
            harness.processElement(event("view", 12_000, 2));
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            // Flink drops an idle source's final watermark; the drain still ends the input.
            harness.endInput();
            assertThat(output(harness))
                    .containsExactly(
                            "partial click@0 count=1 values=1 sum=1.0 ts=9999",
                            "partial view@10000 count=1 values=1 sum=2.0 ts=19999",
                            "watermark " + Long.MAX_VALUE);
        }
    }

    @Test
    void aWatermarkThatIsNotNewIsNotSentAgain() throws Exception {
        try (var harness = harness(0, 1)) {
            harness.open();
            harness.processWatermark(new Watermark(9_999));
            harness.processWatermark(new Watermark(5_000));
            harness.processWatermark(new Watermark(9_999));
            harness.processElement(event("click", 5_000, 1));
            assertThat(output(harness)).containsExactly("watermark 9999");
            assertThat(harness.getSideOutput(LATE)).hasSize(1);
        }
    }

    private static OneInputStreamOperatorTestHarness<SpecEvent, WindowPartial> harness(
            int subtask, int parallelism) throws Exception {
        return harness(0, subtask, parallelism);
    }

    private static OneInputStreamOperatorTestHarness<SpecEvent, WindowPartial> harness(
            long allowedLatenessMs, int subtask, int parallelism) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<SpecEvent, WindowPartial>(
                        new PreAggregateWindows(
                                new TumblingWindows(10_000, allowedLatenessMs),
                                LATE,
                                DefaultSpecEvents.SPEC.withWindow(Duration.ofSeconds(10))),
                        128,
                        parallelism,
                        subtask);
        harness.setup(WindowTypes.PARTIAL.createSerializer(new SerializerConfigImpl()));
        return harness;
    }

    private static final SpecAccumulator.Layout LAYOUT =
            new SpecAccumulator.Layout(DefaultSpecEvents.SPEC);

    private static StreamRecord<SpecEvent> event(String type, long ts, double value) {
        return new StreamRecord<>(DefaultSpecEvents.event(type, "u" + ts, ts, value), ts);
    }

    /** The main output in order, one line per element, partials of a window sorted by type. */
    @SuppressWarnings("unchecked")
    private static List<String> output(
            OneInputStreamOperatorTestHarness<SpecEvent, WindowPartial> harness) {
        List<String> lines = new ArrayList<>();
        List<String> partials = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> r) {
                WindowPartial p = (WindowPartial) r.getValue();
                SpecAccumulator a = p.accumulator();
                partials.add(
                        "partial "
                                + String.join("|", p.group())
                                + "@"
                                + p.windowStart()
                                + " count="
                                + a.count
                                + " values="
                                + a.measureCounts[0]
                                + " sum="
                                + a.sums[0]
                                + " ts="
                                + r.getTimestamp());
                continue;
            }
            partials.sort(null);
            lines.addAll(partials);
            partials.clear();
            if (element instanceof Watermark w) {
                lines.add("watermark " + w.getTimestamp());
            } else if (element instanceof WatermarkStatus s) {
                lines.add(s.isIdle() ? "idle" : "active");
            }
        }
        partials.sort(null);
        lines.addAll(partials);
        return lines;
    }
}
