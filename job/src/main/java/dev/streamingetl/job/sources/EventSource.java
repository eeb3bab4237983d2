package dev.streamingetl.job.sources;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.functions.TumblingWindows;
import dev.streamingetl.job.functions.WindowAlignedWatermarks;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.EventDeserializer;
import dev.streamingetl.job.records.SpecEvent;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka source of parsed events, and the per-partition watermarks it generates. */
public final class EventSource {

    private EventSource() {}

    public static KafkaSource<Either<DeadLetter, SpecEvent>> create(JobConfig config) {
        KafkaSourceBuilder<Either<DeadLetter, SpecEvent>> builder =
                KafkaSource.<Either<DeadLetter, SpecEvent>>builder()
                        .setBootstrapServers(config.kafkaBootstrap())
                        .setTopics(config.kafkaTopic())
                        .setGroupId(config.groupId())
                        .setStartingOffsets(startingOffsets(config))
                        .setDeserializer(
                                new EventDeserializer(config.pipeline(), config.maxRecordBytes()))
                        // Oversized records must reach the parser to be rejected, not stall the
                        // fetch.
                        .setProperty(
                                "max.partition.fetch.bytes",
                                Integer.toString(Math.max(1 << 20, config.maxRecordBytes() + 1024)))
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperties(config.kafkaProperties().addTo(new Properties()));
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Watermarks per Kafka partition (the source merges them), so that one partition running ahead
     * does not make another's events late.
     */
    public static WatermarkStrategy<Either<DeadLetter, SpecEvent>> watermarks(JobConfig config) {
        long delay = config.maxOutOfOrderness().toMillis();
        TumblingWindows windows = config.windows();
        return WatermarkStrategy.<Either<DeadLetter, SpecEvent>>forGenerator(
                        ctx -> new WindowAlignedWatermarks(delay, windows))
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.isRight() ? record.right().eventTime() : kafkaTimestamp)
                .withIdleness(config.idleTimeout());
    }

    private static OffsetsInitializer startingOffsets(JobConfig config) {
        return switch (config.startingOffsets()) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
