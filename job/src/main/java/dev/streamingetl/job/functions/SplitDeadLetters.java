package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.SpecEvent;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes valid events on and sends rejected records to the dead-letter side output, counting both
 * by reason; logs one line of those figures per completed checkpoint, and when the first record
 * arrives.
 */
public final class SplitDeadLetters
        extends ProcessFunction<Either<DeadLetter, SpecEvent>, SpecEvent>
        implements CheckpointListener {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", RecordTypes.DEAD_LETTER);

    private static final Logger LOG = LoggerFactory.getLogger(SplitDeadLetters.class);

    private transient Counter valid;
    private transient Counter rejected;
    private transient MetricGroup rejectedGroup;
    private transient Map<String, Counter> rejectedByReason;
    private transient long lastLoggedTotal;
    private transient long lastLoggedAt;
    private transient boolean readAny;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        valid = metrics.counter("eventsValid");
        metrics.meter("eventsValidPerSecond", new MeterView(valid));
        rejected = metrics.counter("recordsRejected");
        metrics.meter("recordsRejectedPerSecond", new MeterView(rejected));
        rejectedByReason = new HashMap<>();
        rejectedGroup = metrics.addGroup("rejected");
        for (String reason : DeadLetter.REASONS) {
            rejectedByReason.put(reason, rejectedGroup.counter(reason));
        }
        lastLoggedAt = System.currentTimeMillis();
    }

    @Override
    public void processElement(
            Either<DeadLetter, SpecEvent> record, Context ctx, Collector<SpecEvent> out) {
        if (!readAny) {
            readAny = true;
            // How long a start takes until data flows: the JVM, Flink, the job, the first fetch.
            LOG.info(
                    "subtask {} read its first record {} ms after its JVM started",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    ManagementFactory.getRuntimeMXBean().getUptime());
        }
        if (record.isRight()) {
            valid.inc();
            out.collect(record.right());
        } else {
            DeadLetter deadLetter = record.left();
            rejected.inc();
            rejectedByReason.computeIfAbsent(deadLetter.reason(), rejectedGroup::counter).inc();
            ctx.output(DEAD_LETTERS, deadLetter);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        long total = valid.getCount() + rejected.getCount();
        long now = System.currentTimeMillis();
        double perSecond = (total - lastLoggedTotal) * 1000.0 / Math.max(1, now - lastLoggedAt);
        Map<String, Long> reasons = new TreeMap<>();
        rejectedByReason.forEach(
                (reason, counter) -> {
                    if (counter.getCount() > 0) {
                        reasons.put(reason, counter.getCount());
                    }
                });
        LOG.info(
                "checkpoint {} complete: subtask {} read {} records (+{}, {}/s), {} valid, {} rejected {}",
                checkpointId,
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                total,
                total - lastLoggedTotal,
                Math.round(perSecond),
                valid.getCount(),
                rejected.getCount(),
                reasons);
        lastLoggedTotal = total;
        lastLoggedAt = now;
    }
}
