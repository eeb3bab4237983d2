package dev.streamingetl.spec;

/** The type of an input field, as a spec names it. */
public enum FieldType {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    TIMESTAMP,
    JSON;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isNumeric() {
        return this == NUMBER || this == INTEGER;
    }
}
