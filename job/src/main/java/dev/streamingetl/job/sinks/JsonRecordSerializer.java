package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.DeadLetter;
import dev.streamingetl.job.records.RecordJson;
import dev.streamingetl.job.records.SpecAggregate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka records of the contract's JSON forms: aggregates keyed by their group values, dead letters
 * unkeyed.
 *
 * <p>Every record's Kafka timestamp is the processing time at which the job made it ({@code
 * emitted_at}, {@code rejected_at}), never event time: a broker ages records by their timestamp, so
 * with event time a backfill's aggregates were deleted by time-based retention minutes after they
 * were committed. Event time stays in the payload.
 */
abstract class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;

    JsonRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long eventTime) {
        return new ProducerRecord<>(topic, null, madeAt(element), key(element), value(element));
    }

    /** When the job made the record, epoch milliseconds. */
    abstract long madeAt(T element);

    abstract byte[] key(T element);

    abstract byte[] value(T element);

    static final class Aggregates extends JsonRecordSerializer<SpecAggregate> {
        private final AggregateColumns columns;

        Aggregates(String topic, AggregateColumns columns) {
            super(topic);
            this.columns = columns;
        }

        @Override
        long madeAt(SpecAggregate a) {
            return a.emittedAt();
        }

        @Override
        byte[] key(SpecAggregate a) {
            return columns.key(a).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] value(SpecAggregate a) {
            return RecordJson.toJson(a, columns);
        }
    }

    static final class DeadLetters extends JsonRecordSerializer<DeadLetter> {
        DeadLetters(String topic) {
            super(topic);
        }

        @Override
        long madeAt(DeadLetter d) {
            return d.rejectedAt();
        }

        @Override
        byte[] key(DeadLetter d) {
            return null;
        }

        @Override
        byte[] value(DeadLetter d) {
            return RecordJson.toJson(d);
        }
    }
}
