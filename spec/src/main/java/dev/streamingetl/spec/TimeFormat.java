package dev.streamingetl.spec;

/**
 * How a {@code timestamp} field is written: {@code auto} takes an integer as epoch milliseconds and
 * a string as an ISO-8601 instant with a zone.
 */
public enum TimeFormat {
    AUTO,
    EPOCH_MILLIS,
    EPOCH_SECONDS,
    ISO8601;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
