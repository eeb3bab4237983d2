package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link TumblingWindows}: held against Flink's own {@code TumblingEventTimeWindows} and
 * the window operator's lateness rule ({@code maxTimestamp + allowedLateness <= watermark}), on
 * random sizes, latenesses, timestamps and watermarks.
 */
class TumblingWindowsTest {

    @Test
    void windowsAreFlinksAndCloseWhenFlinksWindowOperatorDropsThem() {
        // A new seed each run, named on failure: -Dproperty.seed=N replays it.
        long seed = Long.getLong("property.seed", new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long size = 1 + random.nextInt(i % 2 == 0 ? 100 : 3_600_000);
            long lateness = random.nextInt(4) == 0 ? 0 : random.nextInt(120_000);
            TumblingWindows windows = new TumblingWindows(size, lateness);
            long timestamp = random.nextLong(-1_000_000L, 4_102_444_800_000L);
            long watermark =
                    timestamp + random.nextLong(-3 * (size + lateness), 3 * (size + lateness));

            TimeWindow flink = flinkWindow(windows, timestamp);
            assertThat(windows.startOf(timestamp)).isEqualTo(flink.getStart());
            assertThat(windows.endOf(flink.getStart())).isEqualTo(flink.getEnd());
            assertThat(windows.maxTimestamp(flink.getStart())).isEqualTo(flink.maxTimestamp());
            assertThat(windows.isLate(timestamp, watermark))
                    .as(
                            "seed %d: size %d, lateness %d, event %d, watermark %d",
                            seed, size, lateness, timestamp, watermark)
                    .isEqualTo(flink.maxTimestamp() + lateness <= watermark);

            // The next close after a watermark: a window closes there, and none in between.
            long next = windows.nextCloseAfter(watermark);
            assertThat(next).isGreaterThan(watermark);
            assertThat(windows.closesAt(windows.startOf(next - lateness))).isEqualTo(next);
            assertThat(next - watermark).isLessThanOrEqualTo(size);
        }
    }

    @Test
    void anHourClosesWithItsLastWindow() {
        long hour = 3_600_000L;
        assertThat(new TumblingWindows(10_000, 0).hourClosesAt(0)).isEqualTo(hour - 1);
        assertThat(new TumblingWindows(10_000, 30_000).hourClosesAt(hour - 10_000))
                .isEqualTo(hour - 1 + 30_000);
        // Windows of 7 s do not divide an hour: the last one starting in it ends after it.
        assertThat(new TumblingWindows(7_000, 0).hourClosesAt(5)).isEqualTo(3_605_000L - 1);
        assertThat(new TumblingWindows(10_000, 0).lastFiredStart(19_999)).isEqualTo(10_000);
        assertThat(new TumblingWindows(10_000, 0).lastFiredStart(Long.MIN_VALUE))
                .isEqualTo(Long.MIN_VALUE);
    }

    private static TimeWindow flinkWindow(TumblingWindows windows, long timestamp) {
        Collection<TimeWindow> assigned =
                windows.assigner()
                        .assignWindows(
                                "event",
                                timestamp,
                                new WindowAssigner.WindowAssignerContext() {
                                    @Override
                                    public long getCurrentProcessingTime() {
                                        return 0;
                                    }
                                });
        assertThat(assigned).hasSize(1);
        return assigned.iterator().next();
    }
}
