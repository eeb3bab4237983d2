package dev.streamingetl.spec;

/** A change made to a string field before its rules are checked; applied in this order. */
public enum Normalize {
    TRIM,
    LOWER,
    UPPER;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
