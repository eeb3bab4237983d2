package dev.streamingetl.job.functions;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The job's one rule of when a window starts, ends and closes: tumbling event-time windows of
 * {@code sizeMs}, aligned to the epoch as Flink's {@link TumblingEventTimeWindows} aligns them,
 * that take events until the watermark passes their last timestamp plus {@code allowedLatenessMs}.
 * The pre-aggregation, the watermarks, the late-event dead letters and the lake's hour marks all
 * ask it, so that they agree with Flink's window operator by construction.
 */
public record TumblingWindows(long sizeMs, long allowedLatenessMs) implements Serializable {

    private static final long HOUR_MS = 3_600_000L;

    public TumblingWindows {
        if (sizeMs <= 0 || allowedLatenessMs < 0) {
            throw new IllegalArgumentException(
                    "windows of " + sizeMs + " ms with " + allowedLatenessMs + " ms lateness");
        }
    }

    public static TumblingWindows of(Duration size, Duration allowedLateness) {
        return new TumblingWindows(size.toMillis(), allowedLateness.toMillis());
    }

    /** Flink's assigner of the same windows, for the window operator. */
    public TumblingEventTimeWindows assigner() {
        return TumblingEventTimeWindows.of(Duration.ofMillis(sizeMs));
    }

    /** How long after a window's end it still takes events, for the window operator. */
    public Duration allowedLateness() {
        return Duration.ofMillis(allowedLatenessMs);
    }

    /** The start of the window that holds {@code timestamp}. */
    public long startOf(long timestamp) {
        return timestamp - Math.floorMod(timestamp, sizeMs);
    }

    /** The end of the window starting at {@code start} (exclusive). */
    public long endOf(long start) {
        return start + sizeMs;
    }

    /** The last timestamp of the window starting at {@code start}: its results carry it. */
    public long maxTimestamp(long start) {
        return start + sizeMs - 1;
    }

    /** The watermark from which the window starting at {@code start} takes no more events. */
    public long closesAt(long start) {
        return maxTimestamp(start) + allowedLatenessMs;
    }

    /**
     * True if an event at {@code timestamp} is too late once the watermark is {@code watermark}.
     */
    public boolean isLate(long timestamp, long watermark) {
        return closesAt(startOf(timestamp)) <= watermark;
    }

    /** The smallest watermark above {@code watermark} at which another window closes. */
    public long nextCloseAfter(long watermark) {
        return closesAt(startOf(watermark + 1 - allowedLatenessMs));
    }

    /**
     * The start of the last window that fires at {@code watermark} (its last timestamp reached), or
     * {@link Long#MIN_VALUE} if none can.
     */
    public long lastFiredStart(long watermark) {
        return watermark < Long.MIN_VALUE + sizeMs ? Long.MIN_VALUE : watermark - sizeMs + 1;
    }

    /**
     * The watermark at which the hour (UTC) of the window starting at {@code start} is complete:
     * the last window that starts in it has closed.
     */
    public long hourClosesAt(long start) {
        long hourEnd = start - Math.floorMod(start, HOUR_MS) + HOUR_MS;
        return closesAt(startOf(hourEnd - 1));
    }
}
