package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.SpecEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;

/**
 * Bounded out-of-orderness watermarks that are also emitted at once whenever they cross a window's
 * lateness boundary. Between boundaries the periodic emission suffices; at a boundary the immediate
 * emission makes "late or not" depend only on the order of records in a partition, never on when
 * the periodic timer happened to fire. Dead letters carry no event time and do not move the
 * watermark.
 */
public final class WindowAlignedWatermarks
        implements WatermarkGenerator<Either<DeadLetter, SpecEvent>> {

    private final long outOfOrdernessMs;
    private final TumblingWindows windows;
    private long maxTimestamp;
    private long nextBoundary = Long.MIN_VALUE;

    public WindowAlignedWatermarks(long outOfOrdernessMs, TumblingWindows windows) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.windows = windows;
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMs + 1;
    }

    @Override
    public void onEvent(
            Either<DeadLetter, SpecEvent> record, long timestamp, WatermarkOutput output) {
        if (record.isLeft() || timestamp <= maxTimestamp) {
            return;
        }
        maxTimestamp = timestamp;
        long watermark = currentWatermark();
        if (watermark >= nextBoundary) {
            output.emitWatermark(new Watermark(watermark));
            nextBoundary = boundaryAfter(watermark);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(currentWatermark()));
    }

    private long currentWatermark() {
        return maxTimestamp - outOfOrdernessMs - 1;
    }

    /** The smallest watermark above {@code watermark} that makes another window late. */
    long boundaryAfter(long watermark) {
        return windows.nextCloseAfter(watermark);
    }
}
