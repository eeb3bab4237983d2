package dev.streamingetl.job;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.EmitWindowAggregate;
import dev.streamingetl.job.functions.LateEventToDeadLetter;
import dev.streamingetl.job.functions.RestoredWatermarkFilter;
import dev.streamingetl.job.functions.SplitDeadLetters;
import dev.streamingetl.job.functions.WindowAccumulatorTypeInfo;
import dev.streamingetl.job.functions.WindowAggregator;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.WindowAggregate;
import dev.streamingetl.job.sinks.KafkaSinks;
import dev.streamingetl.job.sinks.LakeSink;
import dev.streamingetl.job.sources.EventSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The job's data flow:
 *
 * <pre>
 *  Kafka events ──► Validate events ──► keyBy(event_type) ──► Aggregate windows ──┬──► Parquet lake
 *  (parse, per-       │ rejected            tumbling event time,                 └──► Analytics topic
 *   partition         │                     HLL + KLL sketches
 *   watermarks)       ▼                        │ late
 *                Dead-letter topic ◄───────────┘ (Late events)
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

        SingleOutputStreamOperator<Event> onTime =
                events.process(
                                new RestoredWatermarkFilter(
                                        config.window().toMillis(),
                                        config.allowedLateness().toMillis(),
                                        LATE_EVENTS),
                                RecordTypes.EVENT)
                        .name("Keep lateness across restores")
                        .uid(Uids.RESTORED_WATERMARK_FILTER);
        SingleOutputStreamOperator<WindowAggregate> aggregates = aggregateWindows(onTime, config);

        if (config.deadLetters()) {
            DataStream<DeadLetter> late =
                    aggregates
                            .getSideOutput(LATE_EVENTS)
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
            aggregates
                    .sinkTo(LakeSink.create(config.outputPath()))
                    .name("Parquet lake")
                    .uid(Uids.LAKE_SINK);
        }
        if (config.writesAnalytics()) {
            aggregates
                    .sinkTo(KafkaSinks.analytics(config))
                    .name("Analytics topic")
                    .uid(Uids.ANALYTICS_SINK);
        }
    }

    /**
     * Tumbling event-time windows per event type, folded incrementally; late events go to {@link
     * #LATE_EVENTS}.
     */
    static SingleOutputStreamOperator<WindowAggregate> aggregateWindows(
            DataStream<Event> events, JobConfig config) {
        return events.keyBy(Event::eventType, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.window()))
                .allowedLateness(config.allowedLateness())
                .sideOutputLateData(LATE_EVENTS)
                .aggregate(
                        new WindowAggregator(),
                        new EmitWindowAggregate(),
                        WindowAccumulatorTypeInfo.INSTANCE,
                        WindowAccumulatorTypeInfo.INSTANCE,
                        RecordTypes.WINDOW_AGGREGATE)
                .name("Aggregate windows")
                .uid(Uids.WINDOW);
    }
}
