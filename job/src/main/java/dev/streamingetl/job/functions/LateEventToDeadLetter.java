package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Turns an event that arrived after its window closed into a {@code late_event} dead letter. */
public final class LateEventToDeadLetter extends RichMapFunction<Event, DeadLetter> {

    private final String sourceTopic;
    private final long windowMs;
    private final long allowedLatenessMs;
    private transient Counter late;

    public LateEventToDeadLetter(String sourceTopic, long windowMs, long allowedLatenessMs) {
        this.sourceTopic = sourceTopic;
        this.windowMs = windowMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("eventsLate");
    }

    @Override
    public DeadLetter map(Event event) {
        late.inc();
        long windowStart = event.timestamp() - Math.floorMod(event.timestamp(), windowMs);
        String detail =
                "ts "
                        + event.timestamp()
                        + " belongs to the window starting "
                        + java.time.Instant.ofEpochMilli(windowStart)
                        + ", closed before the event arrived (--allowed-lateness "
                        + allowedLatenessMs
                        + " ms)";
        return DeadLetter.of(
                DeadLetter.LATE_EVENT,
                detail,
                sourceTopic,
                event.sourcePartition(),
                event.sourceOffset(),
                event.raw(),
                System.currentTimeMillis());
    }
}
