package dev.streamingetl.job;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.EmitWindowAggregate;
import dev.streamingetl.job.functions.LateEventToDeadLetter;
import dev.streamingetl.job.functions.RestoredWatermarkFilter;
import dev.streamingetl.job.functions.SplitDeadLetters;
import dev.streamingetl.job.functions.WindowAggregator;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.WindowAggregate;
import dev.streamingetl.job.sinks.KafkaSinks;
import dev.streamingetl.job.sinks.LakeBatcher;
import dev.streamingetl.job.sinks.LakeSink;
import dev.streamingetl.job.sinks.OrphanFileCleaner;
import dev.streamingetl.job.sources.EventSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The job's data flow:
 *
 * <pre>
 *  Kafka events ──► Validate events ──► keyBy(event_type) ──► Keep lateness ──► Aggregate windows ──┬──► Batch lake rows ──► Parquet lake
 *  (parse, per-       │     │ rejected                        across restores    tumbling event     │    by hour (p1)         + _SUCCESS
 *   partition         │     │                                       │ late       time, HLL + KLL    └──► Analytics topic
 *   watermarks)       │     ▼                                       ▼               │ late
 *                     │  Dead-letter topic ◄──────────────────── Late events ◄──────┘
 *                     └──► Raw events (optional, Parquet by event time)
 * </pre>
 */
public final class Pipeline {

    public static final OutputTag<Event> LATE_EVENTS =
            new OutputTag<>("late-events", RecordTypes.EVENT);

    private Pipeline() {}

    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        SingleOutputStreamOperator<Event> events =
                env.fromSource(
                                EventSource.create(config),
                                EventSource.watermarks(config),
                                "Kafka events")
                        .uid(Uids.SOURCE)
                        .process(new SplitDeadLetters(), RecordTypes.EVENT)
                        .name("Validate events")
                        .uid(Uids.VALIDATE);

        Windows windows = aggregateWindows(events, config);

        if (config.deadLetters()) {
            DataStream<DeadLetter> late =
                    windows.late()
                            .map(
                                    new LateEventToDeadLetter(
                                            config.kafkaTopic(),
                                            config.window().toMillis(),
                                            config.allowedLateness().toMillis()),
                                    RecordTypes.DEAD_LETTER)
                            .name("Late events")
                            .uid(Uids.LATE_EVENTS);
            events.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                    .union(late)
                    .sinkTo(KafkaSinks.deadLetters(config))
                    .name("Dead-letter topic")
                    .uid(Uids.DEAD_LETTER_SINK);
        }
        if (config.writesLake()) {
            // One writer: aggregates are few, and one writer makes one file per partition and
            // flush.
            windows.aggregates()
                    .transform(
                            "Batch lake rows by hour",
                            LakeBatcher.OUTPUT,
                            new LakeBatcher(
                                    config.lakeFlushInterval().toMillis(),
                                    config.window().toMillis(),
                                    config.allowedLateness().toMillis()))
                    .setParallelism(1)
                    .uid(Uids.LAKE_BATCHER)
                    .sinkTo(LakeSink.aggregates(config.outputPath()))
                    .setParallelism(1)
                    .name("Parquet lake")
                    .uid(Uids.LAKE_SINK);
            windows.aggregates()
                    .process(new OrphanFileCleaner(lakeRoots(config)), Types.VOID)
                    .setParallelism(1)
                    .name("Remove orphaned lake files")
                    .uid(Uids.ORPHAN_FILE_CLEANER)
                    .sinkTo(new DiscardingSink<>())
                    .setParallelism(1)
                    .name("Discard")
                    .uid(Uids.ORPHAN_FILE_CLEANER + "-end");
        }
        if (config.rawOutputPath() != null) {
            events.sinkTo(LakeSink.rawEvents(config.rawOutputPath()))
                    .name("Raw events")
                    .uid(Uids.RAW_SINK);
        }
        if (config.writesAnalytics()) {
            windows.aggregates()
                    .sinkTo(KafkaSinks.analytics(config))
                    .name("Analytics topic")
                    .uid(Uids.ANALYTICS_SINK);
        }
    }

    private static String[] lakeRoots(JobConfig config) {
        return config.rawOutputPath() == null
                ? new String[] {config.outputPath()}
                : new String[] {config.outputPath(), config.rawOutputPath()};
    }

    /** The window aggregates, and the events that came too late for their window. */
    record Windows(
            SingleOutputStreamOperator<WindowAggregate> aggregates, DataStream<Event> late) {}

    /**
     * Tumbling event-time windows per event type, folded incrementally. The restore filter is
     * chained right before the window operator, so that both see the same watermark.
     */
    static Windows aggregateWindows(DataStream<Event> events, JobConfig config) {
        SingleOutputStreamOperator<Event> onTime =
                events.keyBy(Event::eventType, Types.STRING)
                        .transform(
                                "Keep lateness across restores",
                                RecordTypes.EVENT,
                                new RestoredWatermarkFilter(
                                        config.window().toMillis(),
                                        config.allowedLateness().toMillis(),
                                        LATE_EVENTS))
                        .uid(Uids.RESTORED_WATERMARK_FILTER);
        SingleOutputStreamOperator<WindowAggregate> aggregates =
                DataStreamUtils.reinterpretAsKeyedStream(onTime, Event::eventType, Types.STRING)
                        .window(TumblingEventTimeWindows.of(config.window()))
                        .allowedLateness(config.allowedLateness())
                        .sideOutputLateData(LATE_EVENTS)
                        .aggregate(
                                new WindowAggregator(),
                                new EmitWindowAggregate(),
                                RecordTypes.WINDOW_ACCUMULATOR,
                                RecordTypes.WINDOW_ACCUMULATOR,
                                RecordTypes.WINDOW_AGGREGATE)
                        .name("Aggregate windows")
                        .uid(Uids.WINDOW);
        return new Windows(
                aggregates,
                aggregates.getSideOutput(LATE_EVENTS).union(onTime.getSideOutput(LATE_EVENTS)));
    }
}
