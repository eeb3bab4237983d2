package dev.streamingetl.job.sinks;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.SpecAggregate;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The job's exactly-once Kafka sinks: the analytics topic and the dead-letter topic. */
public final class KafkaSinks {

    /**
     * Below the broker's default transaction.max.timeout.ms (15 min), far above a checkpoint, so
     * that a transaction outlives a slow checkpoint but the broker accepts it.
     */
    static final int TRANSACTION_TIMEOUT_MS = 10 * 60_000;

    private KafkaSinks() {}

    public static Sink<SpecAggregate> analytics(JobConfig config) {
        return exactlyOnce(
                config,
                new JsonRecordSerializer.Aggregates(
                        config.analyticsTopic(), new AggregateColumns(config.pipeline())),
                "analytics");
    }

    public static Sink<DeadLetter> deadLetters(JobConfig config) {
        return exactlyOnce(config, new JsonRecordSerializer.DeadLetters(config.dlqTopic()), "dlq");
    }

    private static <T> Sink<T> exactlyOnce(
            JobConfig config, KafkaRecordSerializationSchema<T> serializer, String name) {
        KafkaSink<T> sink =
                KafkaSink.<T>builder()
                        .setBootstrapServers(config.kafkaBootstrap())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        // Each sink needs its own prefix: transactions of one must never fence the
                        // other's.
                        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                        .setProperty(
                                "transaction.timeout.ms", Integer.toString(TRANSACTION_TIMEOUT_MS))
                        .setProperty("compression.type", "lz4")
                        .setKafkaProducerConfig(config.kafkaProperties().addTo(new Properties()))
                        .build();
        Properties admin = config.kafkaProperties().addTo(new Properties());
        admin.put("bootstrap.servers", config.kafkaBootstrap());
        return new ResumableKafkaSink<>(sink, admin, name);
    }
}
