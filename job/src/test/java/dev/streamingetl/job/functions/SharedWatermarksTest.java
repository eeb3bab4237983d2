package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link SharedWatermarks}: what an idle subtask may follow. */
class SharedWatermarksTest {

    private final SharedWatermarks.Follow follow = new SharedWatermarks.Follow(3);

    @Test
    void nothingToFollowUntilEverySubtaskHasReported() {
        Map<Long, long[]> reports = follow.createAccumulator();
        follow.add(report(0, 5_000, false), reports);
        follow.add(report(1, 9_000, true), reports);
        assertThat(follow.getResult(reports)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anIdleSubtaskFollowsTheSlowestActiveOne() {
        Map<Long, long[]> reports = follow.createAccumulator();
        follow.add(report(0, 5_000, false), reports);
        follow.add(report(1, 9_000, true), reports);
        follow.add(report(2, 7_000, false), reports);
        assertThat(follow.getResult(reports)).isEqualTo(5_000);
    }

    @Test
    void whenAllAreIdleTheFurthestLeads() {
        Map<Long, long[]> reports = follow.createAccumulator();
        follow.add(report(0, 5_000, true), reports);
        follow.add(report(1, 9_000, true), reports);
        follow.add(report(2, 7_000, true), reports);
        assertThat(follow.getResult(reports)).isEqualTo(9_000);
    }

    @Test
    void aSubtasksNewReportReplacesItsLast() {
        Map<Long, long[]> reports = follow.createAccumulator();
        follow.add(report(0, 5_000, false), reports);
        follow.add(report(1, 9_000, true), reports);
        follow.add(report(2, 7_000, false), reports);
        follow.add(report(0, 8_000, false), reports);
        assertThat(follow.getResult(reports)).isEqualTo(7_000);
        follow.add(report(2, 7_000, true), reports);
        assertThat(follow.getResult(reports)).isEqualTo(8_000);
    }

    private static long[] report(long subtask, long watermark, boolean idle) {
        return new long[] {subtask, watermark, idle ? 1 : 0};
    }
}
