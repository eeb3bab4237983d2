package dev.streamingetl.job.records;

import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.PipelineSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Where each field of a spec, in spec order, sits in a {@link SpecEvent}: its slot and presence
 * bit, resolved once, for the writers of the raw table (Parquet and Iceberg).
 */
public final class FieldSlots implements Serializable {

    private final List<FieldSpec> fields;
    private final int[] slots;
    private final long[] bits;

    public FieldSlots(PipelineSpec spec) {
        fields = spec.fields();
        slots = new int[fields.size()];
        bits = new long[fields.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = SpecEventParser.slotOf(spec, fields.get(i).name());
            bits[i] = SpecEventParser.presenceBit(spec, fields.get(i).name());
        }
    }

    public int size() {
        return slots.length;
    }

    public FieldSpec field(int i) {
        return fields.get(i);
    }

    /** The index of field {@code i}'s value in the event's array of its kind. */
    public int slot(int i) {
        return slots[i];
    }

    public boolean present(SpecEvent e, int i) {
        return (e.present() & bits[i]) != 0;
    }
}
