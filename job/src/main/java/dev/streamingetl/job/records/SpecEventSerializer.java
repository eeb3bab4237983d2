package dev.streamingetl.job.records;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link SpecEvent} slot by slot, for the few places it crosses a network or state (late
 * events, raw events after a rescale), instead of Kryo.
 */
public final class SpecEventSerializer extends TypeSerializerSingleton<SpecEvent> {

    public static final SpecEventSerializer INSTANCE = new SpecEventSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public SpecEvent createInstance() {
        return new SpecEvent(new String[0], new double[0], new long[0], 0, 0, 0, 0, null);
    }

    @Override
    public SpecEvent copy(SpecEvent from) {
        return from;
    }

    @Override
    public SpecEvent copy(SpecEvent from, SpecEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SpecEvent e, DataOutputView out) throws IOException {
        out.writeInt(e.strings().length);
        for (String s : e.strings()) {
            // StringValue writes null as its own value
            StringValue.writeString(s, out);
        }
        out.writeInt(e.numbers().length);
        for (double n : e.numbers()) {
            out.writeDouble(n);
        }
        out.writeInt(e.longs().length);
        for (long l : e.longs()) {
            out.writeLong(l);
        }
        out.writeLong(e.present());
        out.writeLong(e.eventTime());
        out.writeInt(e.sourcePartition());
        out.writeLong(e.sourceOffset());
        byte[] raw = e.raw();
        out.writeInt(raw == null ? -1 : raw.length);
        if (raw != null) {
            out.write(raw);
        }
    }

    @Override
    public SpecEvent deserialize(DataInputView in) throws IOException {
        String[] strings = new String[in.readInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = StringValue.readString(in);
        }
        double[] numbers = new double[in.readInt()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = in.readDouble();
        }
        long[] longs = new long[in.readInt()];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = in.readLong();
        }
        long present = in.readLong();
        long eventTime = in.readLong();
        int partition = in.readInt();
        long offset = in.readLong();
        int length = in.readInt();
        byte[] raw = null;
        if (length >= 0) {
            raw = new byte[length];
            in.readFully(raw);
        }
        return new SpecEvent(strings, numbers, longs, present, eventTime, partition, offset, raw);
    }

    @Override
    public SpecEvent deserialize(SpecEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<SpecEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpecEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
