package dev.streamingetl.job.records;

import dev.streamingetl.spec.PipelineSpec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses each Kafka record in the source itself, so that only compact events (or their dead
 * letters) leave it: Right is a valid event, Left a record the pipeline cannot use.
 */
public final class EventDeserializer
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, SpecEvent>> {

    private final PipelineSpec spec;
    private final int maxRecordBytes;
    private transient SpecEventParser parser;

    public EventDeserializer(PipelineSpec spec, int maxRecordBytes) {
        this.spec = spec;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, SpecEvent>> out) {
        if (parser == null) {
            parser = new SpecEventParser(spec, maxRecordBytes);
        }
        try {
            out.collect(
                    Either.Right(
                            parser.parse(record.value(), record.partition(), record.offset())));
        } catch (InvalidRecord e) {
            out.collect(
                    Either.Left(
                            DeadLetter.of(
                                    e.reason(),
                                    e.detail(),
                                    record.topic(),
                                    record.partition(),
                                    record.offset(),
                                    record.value(),
                                    System.currentTimeMillis())));
        }
    }

    @Override
    public TypeInformation<Either<DeadLetter, SpecEvent>> getProducedType() {
        return RecordTypes.PARSED;
    }
}
