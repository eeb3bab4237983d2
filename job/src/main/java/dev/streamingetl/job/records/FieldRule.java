package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.Normalize;
import dev.streamingetl.spec.TimeFormat;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One field's rules, prepared once when the spec is loaded: its slot, compiled pattern and
 * messages. Both paths of {@link SpecEventParser} judge values here. Not thread-safe.
 */
final class FieldRule {

    /** At most this many distinct values of one field are remembered as valid. */
    private static final int MAX_KNOWN = 10_000;

    final FieldSpec field;
    final int slot;
    final String name;
    final Pattern pattern;
    final String normalized;

    /**
     * Values that passed, to their normalized form, for a field whose rules cost more than a lookup
     * (normalize, pattern, enum): group values repeat, so most records skip the rules.
     */
    final Map<String, String> known;

    final Normalize[] normalize;

    FieldRule(FieldSpec field, int slot) {
        this.field = field;
        this.normalize = field.normalize().toArray(Normalize[]::new);
        this.slot = slot;
        this.name = field.describe();
        this.pattern = field.pattern() == null ? null : Pattern.compile(field.pattern());
        List<String> done = new ArrayList<>();
        for (Normalize n : field.normalize()) {
            done.add(
                    switch (n) {
                        case TRIM -> "trimmed";
                        case LOWER -> "lower-cased";
                        case UPPER -> "upper-cased";
                    });
        }
        this.normalized = done.isEmpty() ? "" : " once " + String.join(" and ", done);
        boolean costly =
                !field.normalize().isEmpty() || field.pattern() != null || field.allowed() != null;
        this.known = field.type() == FieldType.STRING && costly ? new HashMap<>() : null;
    }

    String string(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_STRING) {
            throw invalid(name + " must be a string, not " + RecordJackson.kind(token));
        }
        return valid(p.getText());
    }

    /** {@code original} normalized, if it passes the rules. */
    String valid(String original) throws InvalidRecord {
        if (known == null) {
            return checked(original);
        }
        String s = known.get(original);
        if (s == null) {
            s = checked(original);
            if (known.size() < MAX_KNOWN) {
                known.put(original, s);
            }
        }
        return s;
    }

    /** As {@link #valid}, null where that says why not. */
    String validOrNull(String original) {
        try {
            return valid(original);
        } catch (InvalidRecord e) {
            return null;
        }
    }

    /** Whether a value of a number or integer field is within its bounds. */
    boolean inBounds(double v) {
        return (field.min() == null || v >= field.min())
                && (field.max() == null || v <= field.max());
    }

    /** The value normalized, if it passes the rules. */
    private String checked(String original) throws InvalidRecord {
        String s = original;
        for (Normalize n : normalize) {
            s =
                    switch (n) {
                        case TRIM -> s.strip();
                        case LOWER -> s.toLowerCase(Locale.ROOT);
                        case UPPER -> s.toUpperCase(Locale.ROOT);
                    };
        }
        if (field.allowed() != null && !field.allowed().contains(s)) {
            throw invalid(
                    name
                            + " '"
                            + RecordJackson.shorten(original)
                            + "' must be one of "
                            + field.allowed()
                            + normalized);
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw invalid(
                    name
                            + " '"
                            + RecordJackson.shorten(original)
                            + "' must match "
                            + field.pattern()
                            + normalized);
        }
        int length = s.codePointCount(0, s.length());
        if (length < field.minLength() || length > field.maxLength()) {
            throw invalid(
                    name
                            + " must be "
                            + field.minLength()
                            + ".."
                            + field.maxLength()
                            + " characters, not "
                            + length);
        }
        return s;
    }

    double number(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw invalid(
                    name
                            + " must be a number"
                            + (field.required() ? "" : " or null")
                            + ", not "
                            + RecordJackson.kind(token));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw invalid(
                    name + " " + RecordJackson.shorten(p.getText()) + " is not a finite number");
        }
        return bounded(v, p);
    }

    long integer(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        if (token != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw invalid(
                    name
                            + " must be an integer of 64 bits, not "
                            + (token == JsonToken.VALUE_NUMBER_INT
                                    ? RecordJackson.shorten(p.getText())
                                    : RecordJackson.kind(token)));
        }
        long v = p.getLongValue();
        bounded(v, p);
        return v;
    }

    /** {@code v} if within the bounds; the text is read only to say why it is not. */
    private double bounded(double v, JsonParser p) throws IOException, InvalidRecord {
        if (field.min() != null && v < field.min()) {
            throw invalid(
                    name
                            + " "
                            + RecordJackson.shorten(p.getText())
                            + " is below the minimum "
                            + field.min());
        }
        if (field.max() != null && v > field.max()) {
            throw invalid(
                    name
                            + " "
                            + RecordJackson.shorten(p.getText())
                            + " is above the maximum "
                            + field.max());
        }
        return v;
    }

    long bool(JsonToken token) throws InvalidRecord {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE ? 1 : 0;
        }
        throw invalid(name + " must be true or false, not " + RecordJackson.kind(token));
    }

    long timestamp(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
        TimeFormat format = field.format();
        long ts;
        if (token == JsonToken.VALUE_NUMBER_INT
                && (format == TimeFormat.AUTO || format == TimeFormat.EPOCH_MILLIS)) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(p.getText());
            }
            ts = p.getLongValue();
        } else if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
                && format == TimeFormat.EPOCH_SECONDS) {
            double seconds = p.getDoubleValue();
            if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e15) {
                throw outOfRange(p.getText());
            }
            ts = Math.round(seconds * 1000);
        } else if (token == JsonToken.VALUE_STRING
                && (format == TimeFormat.AUTO || format == TimeFormat.ISO8601)) {
            String s = p.getText();
            try {
                ts = UtcInstants.utcMillis(s);
                if (ts < 0) {
                    ts = OffsetDateTime.parse(s).toInstant().toEpochMilli();
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(
                        name
                                + " '"
                                + RecordJackson.shorten(s)
                                + "' is not an ISO-8601 instant with a zone, e.g. 2026-11-24T10:15:30.123Z");
            }
        } else {
            throw invalid(
                    name
                            + " must be "
                            + switch (format) {
                                case AUTO ->
                                        "epoch milliseconds (an integer) or an ISO-8601 string";
                                case EPOCH_MILLIS -> "epoch milliseconds (an integer)";
                                case EPOCH_SECONDS -> "epoch seconds (a number)";
                                case ISO8601 -> "an ISO-8601 string";
                            }
                            + ", not "
                            + RecordJackson.kind(token));
        }
        if (ts < 0 || ts > UtcInstants.MAX_TIMESTAMP) {
            throw outOfRange(Long.toString(ts));
        }
        return ts;
    }

    private InvalidRecord outOfRange(String ts) {
        return invalid(
                name + " " + RecordJackson.shorten(ts) + " is outside 1970-01-01..9999-12-31");
    }

    private static InvalidRecord invalid(String detail) {
        return new InvalidRecord(DeadLetter.INVALID_FIELD, detail);
    }
}
