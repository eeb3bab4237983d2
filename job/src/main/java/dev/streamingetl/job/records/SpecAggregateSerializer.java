package dev.streamingetl.job.records;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link SpecAggregate} for the lake's held rows and the shuffle to its writer: each value
 * tagged with its kind (null, count or double), so one serializer serves every spec.
 */
public final class SpecAggregateSerializer extends TypeSerializerSingleton<SpecAggregate> {

    public static final SpecAggregateSerializer INSTANCE = new SpecAggregateSerializer();

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public SpecAggregate createInstance() {
        return new SpecAggregate(0, 0, new String[0], new Object[] {0L}, 0);
    }

    @Override
    public SpecAggregate copy(SpecAggregate from) {
        return from;
    }

    @Override
    public SpecAggregate copy(SpecAggregate from, SpecAggregate reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SpecAggregate a, DataOutputView out) throws IOException {
        out.writeLong(a.windowStart());
        out.writeLong(a.windowEnd());
        out.writeInt(a.group().length);
        for (String value : a.group()) {
            StringValue.writeString(value, out);
        }
        out.writeInt(a.values().length);
        for (Object value : a.values()) {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else {
                out.writeByte(DOUBLE);
                out.writeDouble((Double) value);
            }
        }
        out.writeLong(a.emittedAt());
    }

    @Override
    public SpecAggregate deserialize(DataInputView in) throws IOException {
        long start = in.readLong();
        long end = in.readLong();
        String[] group = new String[in.readInt()];
        for (int i = 0; i < group.length; i++) {
            group[i] = StringValue.readString(in);
        }
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            byte kind = in.readByte();
            values[i] =
                    switch (kind) {
                        case NULL -> null;
                        case LONG -> in.readLong();
                        case DOUBLE -> in.readDouble();
                        default -> throw new IOException("unknown value kind " + kind);
                    };
        }
        return new SpecAggregate(start, end, group, values, in.readLong());
    }

    @Override
    public SpecAggregate deserialize(SpecAggregate reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<SpecAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpecAggregate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
