package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.FieldSlots;
import dev.streamingetl.job.records.RawFields;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
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
 * Writes valid events as rows of the raw table: one typed column per spec field as validated
 * (required fields required), {@code json} fields read again from the record as JSON-typed strings,
 * then {@code source_partition} and {@code source_offset}.
 */
final class RawEventWriteSupport extends WriteSupport<SpecEvent> {

    private final FieldSlots slots;
    private final RawFields json;
    private final MessageType schema;
    private RecordConsumer out;

    RawEventWriteSupport(PipelineSpec spec) {
        slots = new FieldSlots(spec);
        json = new RawFields(spec);
        schema = schema(spec);
    }

    static MessageType schema(PipelineSpec spec) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (FieldSpec f : spec.fields()) {
            Types.PrimitiveBuilder<Types.GroupBuilder<MessageType>> column;
            if (f.required()) {
                column = b.required(physicalType(f.type()));
            } else {
                column = b.optional(physicalType(f.type()));
            }
            LogicalTypeAnnotation logical =
                    switch (f.type()) {
                        case STRING -> LogicalTypeAnnotation.stringType();
                        case JSON -> LogicalTypeAnnotation.jsonType();
                        case TIMESTAMP ->
                                LogicalTypeAnnotation.timestampType(
                                        true, LogicalTypeAnnotation.TimeUnit.MILLIS);
                        default -> null;
                    };
            (logical == null ? column : column.as(logical)).named(f.name());
        }
        b.required(PrimitiveTypeName.INT32).named("source_partition");
        b.required(PrimitiveTypeName.INT64).named("source_offset");
        return b.named("raw_event");
    }

    private static PrimitiveTypeName physicalType(FieldType type) {
        return switch (type) {
            case STRING, JSON -> PrimitiveTypeName.BINARY;
            case NUMBER -> PrimitiveTypeName.DOUBLE;
            case INTEGER, TIMESTAMP -> PrimitiveTypeName.INT64;
            case BOOLEAN -> PrimitiveTypeName.BOOLEAN;
        };
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(SpecEvent e) {
        String[] jsonValues;
        try {
            jsonValues = json.read(e.raw());
        } catch (IOException ex) {
            throw new UncheckedIOException("event " + e + " no longer parses", ex);
        }
        out.startMessage();
        int jsonField = 0;
        for (int i = 0; i < slots.size(); i++) {
            FieldSpec f = slots.field(i);
            if (f.type() == FieldType.JSON) {
                String value = jsonValues[jsonField++];
                if (value != null) {
                    start(f, i);
                    out.addBinary(Binary.fromString(value));
                    out.endField(f.name(), i);
                }
                continue;
            }
            if (!slots.present(e, i)) {
                continue;
            }
            start(f, i);
            switch (f.type()) {
                case STRING -> out.addBinary(Binary.fromString(e.strings()[slots.slot(i)]));
                case NUMBER -> out.addDouble(e.numbers()[slots.slot(i)]);
                case BOOLEAN -> out.addBoolean(e.longs()[slots.slot(i)] != 0);
                default -> out.addLong(e.longs()[slots.slot(i)]);
            }
            out.endField(f.name(), i);
        }
        int index = slots.size();
        out.startField("source_partition", index);
        out.addInteger(e.sourcePartition());
        out.endField("source_partition", index);
        out.startField("source_offset", index + 1);
        out.addLong(e.sourceOffset());
        out.endField("source_offset", index + 1);
        out.endMessage();
    }

    private void start(FieldSpec f, int index) {
        out.startField(f.name(), index);
    }
}
