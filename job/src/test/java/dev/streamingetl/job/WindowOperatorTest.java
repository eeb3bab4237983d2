package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.ByGroup;
import dev.streamingetl.job.functions.SpecAccumulator;
import dev.streamingetl.job.functions.WindowPartial;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.testing.DefaultSpecEvents;
import dev.streamingetl.spec.PipelineSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Tests the real window operator of {@link Pipeline}, taken from its transformation, with Flink's
 * keyed operator harness: out-of-order input, stepped watermarks, late partials and a snapshot
 * restored mid-test. Each record here is the partial of one or a few events.
 */
class WindowOperatorTest {

    @Test
    void firesEachWindowOnceItsWatermarkPassesAndKeepsStateAcrossRestore() throws Exception {
        JobConfig config = JobConfig.parse("--window", "10s");
        OperatorSubtaskState snapshot;
        try (var harness = harness(config)) {
            harness.open();
            harness.processElement(record("click", "u1", 1_000, 1));
            harness.processElement(record("page_view", "u2", 12_000, 5));
            harness.processElement(record("click", "u2", 3_000, 3));
            harness.processElement(record("click", "u1", 9_999, Double.NaN));
            harness.processWatermark(new Watermark(9_998));
            assertThat(aggregates(harness)).isEmpty();
            harness.processWatermark(new Watermark(9_999));
            assertThat(aggregates(harness))
                    .containsExactly("0-10000 click count=3 users=2 values=2 sum=4.0 p50=1.0");
            harness.processElement(record("click", "u3", 5_000, 1)); // its window has fired
            assertThat(harness.getSideOutput(Pipeline.LATE_PARTIALS))
                    .extracting(r -> r.getValue().windowStart())
                    .containsExactly(0L);
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = harness(config)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(record("page_view", "u4", 15_000, 7));
            restored.processWatermark(new Watermark(19_999));
            // u2's event came before the snapshot: the window's state survived the restore.
            assertThat(aggregates(restored))
                    .containsExactly(
                            "10000-20000 page_view count=2 users=2 values=2 sum=12.0 p50=5.0");
        }
    }

    @Test
    void allowedLatenessKeepsAWindowOpenAndRefiresIt() throws Exception {
        JobConfig config = JobConfig.parse("--window", "10s", "--allowed-lateness", "5s");
        try (var harness = harness(config)) {
            harness.open();
            harness.processElement(record("click", "u1", 1_000, 1));
            harness.processWatermark(new Watermark(10_000));
            harness.processElement(record("click", "u2", 2_000, 2)); // late, but within 5 s
            harness.processWatermark(new Watermark(14_999));
            harness.processElement(record("click", "u3", 3_000, 3)); // beyond the lateness
            assertThat(aggregates(harness))
                    .containsExactly(
                            "0-10000 click count=1 users=1 values=1 sum=1.0 p50=1.0",
                            "0-10000 click count=2 users=2 values=2 sum=3.0 p50=1.0");
            assertThat(harness.getSideOutput(Pipeline.LATE_PARTIALS)).hasSize(1);
        }
    }

    @Test
    void mergesThePartialsOfSeveralSubtasksIntoOneAggregate() throws Exception {
        JobConfig config = JobConfig.parse("--window", "10s");
        try (var harness = harness(config)) {
            harness.open();
            harness.processElement(partial("click", 0, "u1", 1, 2));
            harness.processElement(partial("click", 0, "u2", 10));
            harness.processElement(record("click", "u1", 4_000, Double.NaN));
            harness.processWatermark(new Watermark(9_999));
            assertThat(aggregates(harness))
                    .containsExactly("0-10000 click count=4 users=2 values=3 sum=13.0 p50=2.0");
        }
    }

    private static final PipelineSpec SPEC = DefaultSpecEvents.SPEC;
    private static final SpecAccumulator.Layout LAYOUT = new SpecAccumulator.Layout(SPEC);

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowPartial, SpecAggregate>
            harness(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<SpecAggregate> windows =
                Pipeline.aggregateWindows(
                                env.fromData(
                                        RecordTypes.EVENT, DefaultSpecEvents.event("t", "u", 0, 0)),
                                config)
                        .aggregates();
        @SuppressWarnings("unchecked")
        var transformation =
                (OneInputTransformation<WindowPartial, SpecAggregate>) windows.getTransformation();
        return new KeyedOneInputStreamOperatorTestHarness<>(
                transformation.getOperator(), new ByGroup(), Types.STRING);
    }

    /** The partial of one event, as a source subtask sends it. */
    private static StreamRecord<WindowPartial> record(
            String type, String user, long ts, double value) {
        long windowStart = ts - ts % 10_000;
        SpecAccumulator accumulator = new SpecAccumulator(LAYOUT);
        accumulator.add(DefaultSpecEvents.event(type, user, ts, value), LAYOUT);
        return new StreamRecord<>(
                new WindowPartial(new String[] {type}, windowStart, accumulator),
                windowStart + 9_999);
    }

    /** A partial of one user's events with {@code values}, as a source subtask sends it. */
    private static StreamRecord<WindowPartial> partial(
            String type, long windowStart, String user, double... values) {
        SpecAccumulator accumulator = new SpecAccumulator(LAYOUT);
        for (double value : values) {
            accumulator.add(DefaultSpecEvents.event(type, user, windowStart, value), LAYOUT);
        }
        return new StreamRecord<>(
                new WindowPartial(new String[] {type}, windowStart, accumulator),
                windowStart + 9_999);
    }

    /** The default spec's values: event_count, unique_users, value_count, sum, ..., p50, ... */
    private static List<String> aggregates(
            KeyedOneInputStreamOperatorTestHarness<String, WindowPartial, SpecAggregate> harness) {
        return harness.extractOutputValues().stream()
                .map(
                        a ->
                                a.windowStart()
                                        + "-"
                                        + a.windowEnd()
                                        + " "
                                        + a.group()[0]
                                        + " count="
                                        + a.values()[0]
                                        + " users="
                                        + a.values()[1]
                                        + " values="
                                        + a.values()[2]
                                        + " sum="
                                        + a.values()[3]
                                        + " p50="
                                        + a.values()[7])
                .collect(Collectors.toList());
    }
}
