package dev.streamingetl.job;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.ByEventType;
import dev.streamingetl.job.functions.EmitWindowAggregate;
import dev.streamingetl.job.functions.LateContributionToEvent;
import dev.streamingetl.job.functions.LateEventToDeadLetter;
import dev.streamingetl.job.functions.PreAggregateWindows;
import dev.streamingetl.job.functions.SplitDeadLetters;
import dev.streamingetl.job.functions.WindowAggregator;
import dev.streamingetl.job.functions.WindowPartial;
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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * The job's data flow:
 *
 * <pre>
 *  Kafka events ──► Validate events ──► Pre-aggregate ──► keyBy(event_type) ──► Aggregate windows ──┬──► Batch lake rows ──► Parquet lake
 *  (parse, per-       │     │ rejected   windows: partials                       merge partials,     │    by hour (p1)         + _SUCCESS
 *   partition         │     │            per window, type  (chained to the      tumbling event     └──► Analytics topic
 *   watermarks)       │     │                 │ late        source)              time, HLL + KLL
 *                     │     ▼                 ▼                                       │ late
 *                     │  Dead-letter topic ◄── Late events ◄──────────────────────────┘
 *                     └──► Raw events (optional, Parquet by event time)
 * </pre>
 */
public final class Pipeline {

    public static final OutputTag<Event> LATE_EVENTS =
            new OutputTag<>("late-events", RecordTypes.EVENT);
    public static final OutputTag<Either<Event, WindowPartial>> LATE_CONTRIBUTIONS =
            new OutputTag<>("late-contributions", RecordTypes.WINDOW_CONTRIBUTION);

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
     * Tumbling event-time windows per event type in two phases: each source subtask folds its
     * events into partials per window and type, and the window operator merges them after the
     * shuffle.
     */
    static Windows aggregateWindows(DataStream<Event> events, JobConfig config) {
        SingleOutputStreamOperator<Either<Event, WindowPartial>> partials =
                events.transform(
                                "Pre-aggregate windows",
                                RecordTypes.WINDOW_CONTRIBUTION,
                                new PreAggregateWindows(
                                        config.window().toMillis(),
                                        config.allowedLateness().toMillis(),
                                        LATE_EVENTS))
                        .uid(Uids.PRE_AGGREGATE);
        SingleOutputStreamOperator<WindowAggregate> aggregates =
                partials.keyBy(new ByEventType(), Types.STRING)
                        .window(TumblingEventTimeWindows.of(config.window()))
                        .allowedLateness(config.allowedLateness())
                        .sideOutputLateData(LATE_CONTRIBUTIONS)
                        .aggregate(
                                new WindowAggregator(),
                                new EmitWindowAggregate(),
                                RecordTypes.WINDOW_ACCUMULATOR,
                                RecordTypes.WINDOW_ACCUMULATOR,
                                RecordTypes.WINDOW_AGGREGATE)
                        .name("Aggregate windows")
                        .uid(Uids.WINDOW);
        DataStream<Event> lateAtWindows =
                aggregates
                        .getSideOutput(LATE_CONTRIBUTIONS)
                        .map(new LateContributionToEvent(), RecordTypes.EVENT)
                        .name("Late at the windows")
                        .uid(Uids.LATE_CONTRIBUTIONS);
        return new Windows(aggregates, partials.getSideOutput(LATE_EVENTS).union(lateAtWindows));
    }
}
