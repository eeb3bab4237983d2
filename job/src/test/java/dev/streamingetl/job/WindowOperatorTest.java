package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.ByEventType;
import dev.streamingetl.job.functions.WindowAccumulator;
import dev.streamingetl.job.functions.WindowPartial;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.WindowAggregate;
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
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * Tests the real window operator of {@link Pipeline}, taken from its transformation, with Flink's
 * keyed operator harness: out-of-order input, stepped watermarks, late events and a snapshot
 * restored mid-test.
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
            assertThat(harness.getSideOutput(Pipeline.LATE_CONTRIBUTIONS))
                    .extracting(r -> r.getValue().left().userId())
                    .containsExactly("u3");
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
            assertThat(harness.getSideOutput(Pipeline.LATE_CONTRIBUTIONS)).hasSize(1);
        }
    }

    @Test
    void mergesThePartialsOfSeveralSubtasksAndSingleEventsIntoOneAggregate() throws Exception {
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

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, Either<Event, WindowPartial>, WindowAggregate>
            harness(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<WindowAggregate> windows =
                Pipeline.aggregateWindows(
                                env.fromData(
                                        RecordTypes.EVENT,
                                        new Event("t", "u", 0, 0, 0, 0, new byte[0])),
                                config)
                        .aggregates();
        @SuppressWarnings("unchecked")
        var transformation =
                (OneInputTransformation<Either<Event, WindowPartial>, WindowAggregate>)
                        windows.getTransformation();
        return new KeyedOneInputStreamOperatorTestHarness<>(
                transformation.getOperator(), new ByEventType(), Types.STRING);
    }

    private static StreamRecord<Either<Event, WindowPartial>> record(
            String type, String user, long ts, double value) {
        return new StreamRecord<>(
                Either.Left(new Event(type, user, ts, value, 0, ts, new byte[0])), ts);
    }

    /** A partial of one user's events with {@code values}, as a source subtask sends it. */
    private static StreamRecord<Either<Event, WindowPartial>> partial(
            String type, long windowStart, String user, double... values) {
        WindowAccumulator accumulator = new WindowAccumulator();
        for (double value : values) {
            accumulator.add(new Event(type, user, windowStart, value, 0, 0, new byte[0]));
        }
        return new StreamRecord<>(
                Either.Right(new WindowPartial(type, windowStart, accumulator)),
                windowStart + 9_999);
    }

    private static List<String> aggregates(
            KeyedOneInputStreamOperatorTestHarness<
                            String, Either<Event, WindowPartial>, WindowAggregate>
                    harness) {
        return harness.extractOutputValues().stream()
                .map(
                        a ->
                                a.windowStart()
                                        + "-"
                                        + a.windowEnd()
                                        + " "
                                        + a.eventType()
                                        + " count="
                                        + a.eventCount()
                                        + " users="
                                        + a.uniqueUsers()
                                        + " values="
                                        + a.valueCount()
                                        + " sum="
                                        + a.valueSum()
                                        + " p50="
                                        + a.valueP50())
                .collect(Collectors.toList());
    }
}
