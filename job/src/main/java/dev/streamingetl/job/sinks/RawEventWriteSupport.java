package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.RawFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes valid events as rows of the raw table (CONTRACT.md): the fields as validated, and {@code
 * event_id} and {@code properties} read again from the record, which the aggregation never needs.
 */
final class RawEventWriteSupport extends WriteSupport<Event> {

    static final MessageType SCHEMA =
            Types.buildMessage()
                    .required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("event_id")
                    .required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("event_type")
                    .required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("user_id")
                    .required(PrimitiveTypeName.INT64)
                    .as(
                            LogicalTypeAnnotation.timestampType(
                                    true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                    .named("ts")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value")
                    .optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.jsonType())
                    .named("properties")
                    .required(PrimitiveTypeName.INT32)
                    .named("source_partition")
                    .required(PrimitiveTypeName.INT64)
                    .named("source_offset")
                    .named("raw_event");

    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Event e) {
        RawFields fields;
        try {
            fields = RawFields.of(e.raw());
        } catch (IOException ex) {
            throw new UncheckedIOException("event " + e + " no longer parses", ex);
        }
        String eventId = fields.eventId();
        String properties = fields.properties();
        out.startMessage();
        writeString(0, "event_id", eventId);
        writeString(1, "event_type", e.eventType());
        writeString(2, "user_id", e.userId());
        out.startField("ts", 3);
        out.addLong(e.timestamp());
        out.endField("ts", 3);
        if (e.hasValue()) {
            out.startField("value", 4);
            out.addDouble(e.value());
            out.endField("value", 4);
        }
        if (properties != null) {
            writeString(5, "properties", properties);
        }
        out.startField("source_partition", 6);
        out.addInteger(e.sourcePartition());
        out.endField("source_partition", 6);
        out.startField("source_offset", 7);
        out.addLong(e.sourceOffset());
        out.endField("source_offset", 7);
        out.endMessage();
    }

    private void writeString(int index, String name, String v) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(v));
        out.endField(name, index);
    }
}
