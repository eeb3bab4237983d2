package dev.streamingetl.job.functions;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Writes a {@link WindowPartial} as its group values, window start and accumulator. */
public final class WindowPartialSerializer extends TypeSerializerSingleton<WindowPartial> {

    public static final WindowPartialSerializer INSTANCE = new WindowPartialSerializer();

    private static final SpecAccumulatorSerializer ACCUMULATOR = SpecAccumulatorSerializer.INSTANCE;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public WindowPartial createInstance() {
        return new WindowPartial(new String[0], 0, ACCUMULATOR.createInstance());
    }

    @Override
    public WindowPartial copy(WindowPartial from) {
        return new WindowPartial(
                from.group(), from.windowStart(), ACCUMULATOR.copy(from.accumulator()));
    }

    @Override
    public WindowPartial copy(WindowPartial from, WindowPartial reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowPartial p, DataOutputView out) throws IOException {
        out.writeInt(p.group().length);
        for (String value : p.group()) {
            StringValue.writeString(value, out);
        }
        out.writeLong(p.windowStart());
        ACCUMULATOR.serialize(p.accumulator(), out);
    }

    @Override
    public WindowPartial deserialize(DataInputView in) throws IOException {
        String[] group = new String[in.readInt()];
        for (int i = 0; i < group.length; i++) {
            group[i] = StringValue.readString(in);
        }
        return new WindowPartial(group, in.readLong(), ACCUMULATOR.deserialize(in));
    }

    @Override
    public WindowPartial deserialize(WindowPartial reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<WindowPartial> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowPartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
