package dev.streamingetl.job.functions;

import java.io.IOException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoints a {@link SpecAccumulator} in the sketches' own compact binary forms, which stay
 * readable across DataSketches versions, instead of letting Kryo walk their internals. The format
 * says how many distinct columns and measures it holds, so one serializer serves every spec; a
 * restore with another spec's aggregation is refused before state is read ({@code
 * PipelineSpec#aggregationChanges}).
 */
public final class SpecAccumulatorSerializer extends TypeSerializerSingleton<SpecAccumulator> {

    public static final SpecAccumulatorSerializer INSTANCE = new SpecAccumulatorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SpecAccumulator createInstance() {
        return new SpecAccumulator(
                0,
                new HllSketch[0],
                new long[0],
                new double[0],
                new double[0],
                new double[0],
                new KllDoublesSketch[0]);
    }

    @Override
    public SpecAccumulator copy(SpecAccumulator from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a window accumulator", e);
        }
    }

    @Override
    public SpecAccumulator copy(SpecAccumulator from, SpecAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SpecAccumulator a, DataOutputView out) throws IOException {
        out.writeLong(a.count);
        out.writeInt(a.distinct.length);
        for (HllSketch d : a.distinct) {
            writeBytes(d.toCompactByteArray(), out);
        }
        out.writeInt(a.measureCounts.length);
        for (int i = 0; i < a.measureCounts.length; i++) {
            out.writeLong(a.measureCounts[i]);
            out.writeDouble(a.sums[i]);
            out.writeDouble(a.mins[i]);
            out.writeDouble(a.maxes[i]);
            writeBytes(a.quantiles[i] == null ? null : a.quantiles[i].toByteArray(), out);
        }
    }

    @Override
    public SpecAccumulator deserialize(DataInputView in) throws IOException {
        long count = in.readLong();
        HllSketch[] distinct = new HllSketch[in.readInt()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = HllSketch.heapify(readBytes(in));
        }
        int measures = in.readInt();
        long[] counts = new long[measures];
        double[] sums = new double[measures];
        double[] mins = new double[measures];
        double[] maxes = new double[measures];
        KllDoublesSketch[] quantiles = new KllDoublesSketch[measures];
        for (int i = 0; i < measures; i++) {
            counts[i] = in.readLong();
            sums[i] = in.readDouble();
            mins[i] = in.readDouble();
            maxes[i] = in.readDouble();
            byte[] kll = readBytes(in);
            quantiles[i] = kll == null ? null : KllDoublesSketch.heapify(Memory.wrap(kll));
        }
        return new SpecAccumulator(count, distinct, counts, sums, mins, maxes, quantiles);
    }

    @Override
    public SpecAccumulator deserialize(SpecAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<SpecAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Null as length -1: a measure without quantiles has no sketch. */
    private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Restores the serializer from a checkpoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpecAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
