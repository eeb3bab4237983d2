package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.SpecEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Turns an event that arrived after its window closed into a {@code late_event} dead letter. */
public final class LateEventToDeadLetter extends RichMapFunction<SpecEvent, DeadLetter> {

    private final String sourceTopic;
    private final String eventTimeField;
    private final TumblingWindows windows;
    private transient Counter late;

    public LateEventToDeadLetter(
            String sourceTopic, String eventTimeField, TumblingWindows windows) {
        this.sourceTopic = sourceTopic;
        this.eventTimeField = eventTimeField;
        this.windows = windows;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("eventsLate");
    }

    @Override
    public DeadLetter map(SpecEvent event) {
        late.inc();
        long windowStart = windows.startOf(event.eventTime());
        String detail =
                eventTimeField
                        + " "
                        + event.eventTime()
                        + " belongs to the window starting "
                        + java.time.Instant.ofEpochMilli(windowStart)
                        + ", closed before the event arrived (--allowed-lateness "
                        + windows.allowedLatenessMs()
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
