package dev.streamingetl.job;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.ByGroup;
import dev.streamingetl.job.functions.EmitWindowAggregate;
import dev.streamingetl.job.functions.LateEventToDeadLetter;
import dev.streamingetl.job.functions.LatePartialFails;
import dev.streamingetl.job.functions.PreAggregateWindows;
import dev.streamingetl.job.functions.SpecAccumulator;
import dev.streamingetl.job.functions.SplitDeadLetters;
import dev.streamingetl.job.functions.WindowAggregator;
import dev.streamingetl.job.functions.WindowPartial;
import dev.streamingetl.job.functions.WindowTypes;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.RecordTypes;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.sinks.HivePartitionAssigner;
import dev.streamingetl.job.sinks.IcebergLake;
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
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * The job's data flow; the pipeline spec ({@code config.pipeline()}) says which fields each event
 * has, what is valid, how events group and what each window computes:
 *
 * <pre>
 *  Kafka events ──► Validate events ──► Pre-aggregate ──► keyBy(group_by) ───► Aggregate windows ──┬──► Batch lake rows ──► Parquet lake
 *  (parse, per-       │     │ rejected   windows: partials                       merge partials,     │    by hour (p1)         + _SUCCESS
 *   partition         │     │            per window, group (chained to the      tumbling event     └──► Analytics topic
 *   watermarks)       │     │                 │ late        source)              time, HLL + KLL
 *                     │     ▼                 ▼                                       │ late
 *                     │  Dead-letter topic ◄── Late events ◄──────────────────────────┘
 *                     └──► Raw events (optional, Parquet by event time)
 * </pre>
 *
 * <p>With {@code --lake-format iceberg} both lake tables are Iceberg tables instead (no {@code
 * _SUCCESS} marks: a snapshot per checkpoint is what readers see).
 */
public final class Pipeline {

    public static final OutputTag<SpecEvent> LATE_EVENTS =
            new OutputTag<>("late-events", RecordTypes.EVENT);
    public static final OutputTag<WindowPartial> LATE_PARTIALS =
            new OutputTag<>("late-partials", WindowTypes.PARTIAL);

    private Pipeline() {}

    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        SingleOutputStreamOperator<SpecEvent> events =
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
                                            config.pipeline().eventTime(),
                                            config.windows()),
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
            HivePartitionAssigner.Aggregates partitions =
                    new HivePartitionAssigner.Aggregates(config.pipeline());
            // One writer: aggregates are few, and one writer makes one file per partition and
            // flush.
            SingleOutputStreamOperator<Either<SpecAggregate, String>> batched =
                    windows.aggregates()
                            .transform(
                                    "Batch lake rows by hour",
                                    LakeBatcher.OUTPUT,
                                    new LakeBatcher(
                                            partitions,
                                            config.lakeFlushInterval().toMillis(),
                                            config.windows()))
                            .setParallelism(1)
                            .uid(Uids.LAKE_BATCHER);
            if (config.writesIceberg()) {
                IcebergLake.aggregates(batched, config, Uids.ICEBERG_LAKE_SINK)
                        .name("Iceberg lake");
            } else {
                batched.sinkTo(LakeSink.aggregates(config.outputPath(), config.pipeline()))
                        .setParallelism(1)
                        .name("Parquet lake")
                        .uid(Uids.LAKE_SINK);
                windows.aggregates()
                        .process(new OrphanFileCleaner(partitions, lakeRoots(config)), Types.VOID)
                        .setParallelism(1)
                        .name("Remove orphaned lake files")
                        .uid(Uids.ORPHAN_FILE_CLEANER)
                        .sinkTo(new DiscardingSink<>())
                        .setParallelism(1)
                        .name("Discard")
                        .uid(Uids.ORPHAN_FILE_CLEANER + "-end");
            }
        }
        if (config.rawOutputPath() != null) {
            if (config.writesIceberg()) {
                IcebergLake.rawEvents(events, config, Uids.ICEBERG_RAW_SINK).name("Raw events");
            } else {
                events.sinkTo(LakeSink.rawEvents(config.rawOutputPath(), config.pipeline()))
                        .name("Raw events")
                        .uid(Uids.RAW_SINK);
            }
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
            SingleOutputStreamOperator<SpecAggregate> aggregates, DataStream<SpecEvent> late) {}

    /**
     * Tumbling event-time windows per group in two phases: each source subtask folds its events
     * into partials per window and group, and the window operator merges them after the shuffle.
     */
    static Windows aggregateWindows(DataStream<SpecEvent> events, JobConfig config) {
        SpecAccumulator.Layout layout = new SpecAccumulator.Layout(config.pipeline());
        SingleOutputStreamOperator<WindowPartial> partials =
                events.transform(
                                "Pre-aggregate windows",
                                WindowTypes.PARTIAL,
                                new PreAggregateWindows(
                                        config.windows(), LATE_EVENTS, config.pipeline()))
                        .uid(Uids.PRE_AGGREGATE);
        SingleOutputStreamOperator<SpecAggregate> aggregates =
                partials.keyBy(new ByGroup(), Types.STRING)
                        .window(config.windows().assigner())
                        .allowedLateness(config.windows().allowedLateness())
                        .sideOutputLateData(LATE_PARTIALS)
                        .aggregate(
                                new WindowAggregator(layout),
                                new EmitWindowAggregate(layout, config.pipeline().groupBy().size()),
                                WindowTypes.ACCUMULATOR,
                                WindowTypes.ACCUMULATOR,
                                RecordTypes.WINDOW_AGGREGATE)
                        .name("Aggregate windows")
                        .uid(Uids.WINDOW);
        aggregates
                .getSideOutput(LATE_PARTIALS)
                .map(new LatePartialFails(), Types.VOID)
                .name("Late at the windows")
                .uid(Uids.LATE_CONTRIBUTIONS)
                .sinkTo(new DiscardingSink<>())
                .name("Discard late partials")
                .uid(Uids.LATE_CONTRIBUTIONS + "-end");
        return new Windows(aggregates, partials.getSideOutput(LATE_EVENTS));
    }
}
