package dev.streamingetl.spec;

/**
 * An aggregate of a measure, in the order the output columns take ({@code <field>_<name>}). The
 * quantiles come from one KLL sketch per measure.
 */
public enum Aggregate {
    COUNT("count", Double.NaN),
    SUM("sum", Double.NaN),
    MIN("min", Double.NaN),
    MAX("max", Double.NaN),
    AVG("avg", Double.NaN),
    P50("p50", 0.50),
    P75("p75", 0.75),
    P90("p90", 0.90),
    P95("p95", 0.95),
    P99("p99", 0.99),
    P999("p999", 0.999);

    private final String specName;
    private final double rank;

    Aggregate(String specName, double rank) {
        this.specName = specName;
        this.rank = rank;
    }

    /** The name a spec uses, and the output column's suffix. */
    public String specName() {
        return specName;
    }

    public boolean isQuantile() {
        return !Double.isNaN(rank);
    }

    /** The quantile's rank; NaN for the others. */
    public double rank() {
        return rank;
    }
}
