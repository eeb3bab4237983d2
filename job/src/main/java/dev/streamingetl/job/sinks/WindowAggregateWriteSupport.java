package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.WindowAggregate;
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
 * Writes {@link WindowAggregate}s as Parquet rows with the contract's columns, order and logical
 * types.
 */
final class WindowAggregateWriteSupport extends WriteSupport<WindowAggregate> {

    private static final LogicalTypeAnnotation UTC_MILLIS =
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);

    static final MessageType SCHEMA =
            Types.buildMessage()
                    .required(PrimitiveTypeName.INT64)
                    .as(UTC_MILLIS)
                    .named("window_start")
                    .required(PrimitiveTypeName.INT64)
                    .as(UTC_MILLIS)
                    .named("window_end")
                    .required(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("event_type")
                    .required(PrimitiveTypeName.INT64)
                    .named("event_count")
                    .required(PrimitiveTypeName.INT64)
                    .named("unique_users")
                    .required(PrimitiveTypeName.INT64)
                    .named("value_count")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_sum")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_min")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_max")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_avg")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_p50")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_p95")
                    .optional(PrimitiveTypeName.DOUBLE)
                    .named("value_p99")
                    .required(PrimitiveTypeName.INT64)
                    .as(UTC_MILLIS)
                    .named("emitted_at")
                    .named("window_aggregate");

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
    public void write(WindowAggregate a) {
        out.startMessage();
        writeLong(0, "window_start", a.windowStart());
        writeLong(1, "window_end", a.windowEnd());
        out.startField("event_type", 2);
        out.addBinary(Binary.fromString(a.eventType()));
        out.endField("event_type", 2);
        writeLong(3, "event_count", a.eventCount());
        writeLong(4, "unique_users", a.uniqueUsers());
        writeLong(5, "value_count", a.valueCount());
        writeDouble(6, "value_sum", a.valueSum());
        writeDouble(7, "value_min", a.valueMin());
        writeDouble(8, "value_max", a.valueMax());
        writeDouble(9, "value_avg", a.valueAvg());
        writeDouble(10, "value_p50", a.valueP50());
        writeDouble(11, "value_p95", a.valueP95());
        writeDouble(12, "value_p99", a.valueP99());
        writeLong(13, "emitted_at", a.emittedAt());
        out.endMessage();
    }

    private void writeLong(int index, String name, long v) {
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index);
    }

    private void writeDouble(int index, String name, Double v) {
        if (v != null) {
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }
    }
}
