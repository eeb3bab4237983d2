package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.testing.DefaultSpecEvents;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowAlignedWatermarks}. */
class WindowAlignedWatermarksTest {

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    @Test
    void emitsAtOnceOnlyWhenAWindowCloses() {
        WindowAlignedWatermarks generator =
                new WindowAlignedWatermarks(5_000, new TumblingWindows(10_000, 0));
        generator.onEvent(event(), 1_000, output); // first watermark, -4001
        generator.onEvent(event(), 12_000, output); // 6999: window [-10s, 0) closes
        generator.onEvent(event(), 14_000, output); // 8999: none
        generator.onEvent(event(), 15_000, output); // 9999: window [0, 10s) closes
        generator.onEvent(event(), 3_000, output); // behind: nothing
        generator.onEvent(event(), 24_999, output); // 19998: not yet [10s, 20s)
        generator.onEvent(event(), 25_000, output); // 19999: closes it
        assertThat(emitted).containsExactly(-4_001L, 6_999L, 9_999L, 19_999L);
    }

    @Test
    void periodicEmissionCarriesTheCurrentWatermark() {
        WindowAlignedWatermarks generator =
                new WindowAlignedWatermarks(5_000, new TumblingWindows(10_000, 0));
        generator.onEvent(event(), 12_000, output);
        emitted.clear();
        generator.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(6_999L);
    }

    @Test
    void allowedLatenessShiftsTheBoundaries() {
        WindowAlignedWatermarks generator =
                new WindowAlignedWatermarks(0, new TumblingWindows(10_000, 2_000));
        assertThat(generator.boundaryAfter(0)).isEqualTo(1_999);
        assertThat(generator.boundaryAfter(1_999)).isEqualTo(11_999);
    }

    @Test
    void deadLettersDoNotMoveTheWatermark() {
        WindowAlignedWatermarks generator =
                new WindowAlignedWatermarks(0, new TumblingWindows(10_000, 0));
        generator.onEvent(Either.Left(new DeadLetter("r", "d", "t", 0, 0, "", 0)), 50_000, output);
        assertThat(emitted).isEmpty();
    }

    private static Either<DeadLetter, SpecEvent> event() {
        return Either.Right(DefaultSpecEvents.event("t", "u", 0, 1));
    }
}
