package dev.streamingetl.job.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.streamingetl.job.records.Event;
import java.io.IOException;
import java.io.StringWriter;
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

    // The record passed validation under the same limits, so these only restate them.
    private final JsonFactory json =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(200).build())
                    .build();

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
        String eventId = null;
        String properties = null;
        try (JsonParser p = json.createParser(e.raw())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("event_id") && value == JsonToken.VALUE_STRING) {
                    eventId = p.getText();
                } else if (name.equals("properties") && value != JsonToken.VALUE_NULL) {
                    properties = copy(p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("event " + e + " no longer parses", ex);
        }
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

    private String copy(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return text.toString();
    }

    private void writeString(int index, String name, String v) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(v));
        out.endField(name, index);
    }
}
