package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.job.records.SpecAggregate;
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
 * Writes {@link SpecAggregate}s as Parquet rows with the spec's columns, order and logical types:
 * times timestamp-millis UTC, group fields strings, counts int64, the others nullable doubles.
 */
final class WindowAggregateWriteSupport extends WriteSupport<SpecAggregate> {

    private static final LogicalTypeAnnotation UTC_MILLIS =
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);

    private final AggregateColumns columns;
    private final MessageType schema;
    private RecordConsumer out;

    WindowAggregateWriteSupport(AggregateColumns columns) {
        this.columns = columns;
        this.schema = schema(columns);
    }

    static MessageType schema(AggregateColumns columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).as(UTC_MILLIS).named("window_start");
        b.required(PrimitiveTypeName.INT64).as(UTC_MILLIS).named("window_end");
        for (String group : columns.group()) {
            b.required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(group);
        }
        for (int i = 0; i < columns.values().size(); i++) {
            if (columns.isCount(i)) {
                b.required(PrimitiveTypeName.INT64).named(columns.values().get(i));
            } else {
                b.optional(PrimitiveTypeName.DOUBLE).named(columns.values().get(i));
            }
        }
        b.required(PrimitiveTypeName.INT64).as(UTC_MILLIS).named("emitted_at");
        return b.named("window_aggregate");
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
    public void write(SpecAggregate a) {
        out.startMessage();
        int index = 0;
        writeLong(index++, "window_start", a.windowStart());
        writeLong(index++, "window_end", a.windowEnd());
        for (int i = 0; i < a.group().length; i++, index++) {
            String name = columns.group().get(i);
            out.startField(name, index);
            out.addBinary(Binary.fromString(a.group()[i]));
            out.endField(name, index);
        }
        Object[] values = a.values();
        for (int i = 0; i < values.length; i++, index++) {
            String name = columns.values().get(i);
            if (values[i] instanceof Long count) {
                writeLong(index, name, count);
            } else if (values[i] instanceof Double d) {
                out.startField(name, index);
                out.addDouble(d);
                out.endField(name, index);
            }
        }
        writeLong(index, "emitted_at", a.emittedAt());
        out.endMessage();
    }

    private void writeLong(int index, String name, long v) {
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index);
    }
}
