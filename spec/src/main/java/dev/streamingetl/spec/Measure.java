package dev.streamingetl.spec;

import java.io.Serializable;
import java.util.List;

/** A numeric field and its aggregates, in {@link Aggregate} order. */
public record Measure(String field, List<Aggregate> aggregates) implements Serializable {

    /** Output column of one of the aggregates: {@code <field>_<aggregate>}. */
    public String column(Aggregate aggregate) {
        return field + "_" + aggregate.specName();
    }

    public boolean hasQuantiles() {
        return aggregates.stream().anyMatch(Aggregate::isQuantile);
    }
}
