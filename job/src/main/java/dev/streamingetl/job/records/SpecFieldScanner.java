package dev.streamingetl.job.records;

import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.TimeFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fast path of {@link SpecEventParser}: reads a record's bytes once, matches the spec's keys
 * (top level and down dotted paths) as bytes, checks the JSON grammar of everything else without
 * building tokens, and parses numbers and timestamps in place. It answers only when it is certain:
 * for a valid event of the common shape it returns the event Jackson's path would; for anything
 * else (a rule broken, an escape in a value read, a number it cannot convert exactly, odd nesting)
 * it returns null and the caller asks Jackson, which also names what is wrong. A differential test
 * holds the two paths to the same outcomes. It reads every byte of a record it accepts, so it knows
 * whether one was not ASCII ({@link #sawNonAscii}): only such a record still needs the check that
 * it is well-formed UTF-8. Not thread-safe.
 */
final class SpecFieldScanner {

    /** Deeper records go to Jackson, which knows the limit (200) and its message. */
    private static final int MAX_DEPTH = 64;

    /** Longer numbers go to Jackson, which knows the limit (1000 digits) and its message. */
    private static final int MAX_NUMBER_LENGTH = 100;

    /** Signals "not certain" between the scanning methods: the caller returns null. */
    private static final int UNSURE = -1;

    private static final double[] POWERS_OF_TEN = new double[23];

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final FieldRule[] rules;
    private final KnownValues[] knownValues;
    private final SpecKey root = new SpecKey();
    private final int strings;
    private final int numbers;
    private final int longs;
    private final int eventTime;
    private final long required;

    // The record being scanned and what it has given so far.
    private byte[] b;
    private String[] stringValues;
    private double[] numberValues;
    private long[] longValues;
    private long present;
    private long seen;
    private boolean nonAscii;

    /** The last number scanned by {@link #number}: its value and whether it had no '.' or 'e'. */
    private double numberValue;

    private long integerValue;
    private boolean integral;

    SpecFieldScanner(
            PipelineSpec spec,
            FieldRule[] rules,
            int strings,
            int numbers,
            int longs,
            int eventTime,
            long required) {
        this.rules = rules;
        this.strings = strings;
        this.numbers = numbers;
        this.longs = longs;
        this.eventTime = eventTime;
        this.required = required;
        List<FieldSpec> fields = spec.fields();
        knownValues = new KnownValues[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            if (rules[i].known != null) {
                knownValues[i] = new KnownValues();
            }
            SpecKey key = root;
            for (String name : fields.get(i).path()) {
                key = key.add(name.getBytes(StandardCharsets.UTF_8));
            }
            key.field = i;
        }
    }

    /** The event in {@code value}, or null if this path is not certain of the outcome. */
    SpecEvent scan(byte[] value, int partition, long offset) {
        b = value;
        stringValues = new String[strings];
        numberValues = new double[numbers];
        for (int k = 0; k < numbers; k++) {
            numberValues[k] = Double.NaN; // absent
        }
        longValues = new long[longs];
        present = 0;
        seen = 0;
        nonAscii = false;
        try {
            int i = whitespace(0);
            if (i >= b.length || b[i] != '{') {
                return null;
            }
            i = object(i + 1, root, 1);
            if (i == UNSURE || whitespace(i) != b.length || (present & required) != required) {
                return null;
            }
            return new SpecEvent(
                    stringValues,
                    numberValues,
                    longValues,
                    present,
                    longValues[eventTime],
                    partition,
                    offset,
                    value);
        } finally {
            b = null;
        }
    }

    /** Whether the record last scanned had a byte that is not ASCII (in a string). */
    boolean sawNonAscii() {
        return nonAscii;
    }

    /**
     * The members of an object whose '{' ends before {@code i}, down the paths of {@code key}
     * (null: none); returns the index after its '}'.
     */
    private int object(int i, SpecKey key, int depth) {
        if (depth > MAX_DEPTH) {
            return UNSURE;
        }
        i = whitespace(i);
        if (i < b.length && b[i] == '}') {
            return i + 1;
        }
        while (i < b.length && b[i] == '"') {
            int start = i + 1;
            SpecKey child = key == null ? null : key.expected(b, start);
            int end;
            if (child != null) {
                end = start + child.nameLength;
            } else {
                end = plainString(start);
                if (end == UNSURE) {
                    return UNSURE;
                }
                child = key == null ? null : key.find(b, start, end - start);
            }
            i = whitespace(end + 1);
            if (i >= b.length || b[i] != ':') {
                return UNSURE;
            }
            i = whitespace(i + 1);
            if (i >= b.length) {
                return UNSURE;
            }
            if (child != null && child.field >= 0) {
                i = field(i, child.field, depth);
            } else if (child != null && b[i] == '{') {
                i = object(i + 1, child, depth + 1);
            } else {
                i = skipValue(i, depth); // not a spec key, or not the object a path goes through
            }
            if (i == UNSURE) {
                return UNSURE;
            }
            i = whitespace(i);
            if (i >= b.length) {
                return UNSURE;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return UNSURE;
            }
            i = whitespace(i + 1);
        }
        return UNSURE;
    }

    /** Reads the value at {@code i} of field {@code index}; returns the index after it. */
    private int field(int i, int index, int depth) {
        FieldRule rule = rules[index];
        FieldType type = rule.field.type();
        if (type == FieldType.JSON) {
            return skipValue(i, depth); // kept whole in the raw table, never judged
        }
        long bit = 1L << index;
        if ((seen & bit) != 0) {
            return UNSURE; // twice: Jackson's path tells whether and how that is wrong
        }
        seen |= bit;
        if (b[i] == 'n') {
            return literal(i, "null"); // absent
        }
        int end;
        switch (type) {
            case STRING -> {
                end = b[i] == '"' ? plainString(i + 1) : UNSURE;
                if (end == UNSURE) {
                    return UNSURE;
                }
                String s = string(index, i + 1, end);
                if (s == null) {
                    return UNSURE;
                }
                stringValues[rule.slot] = s;
                end++;
            }
            case NUMBER -> {
                end = number(i);
                if (end == UNSURE || !rule.inBounds(numberValue)) {
                    return UNSURE;
                }
                numberValues[rule.slot] = numberValue;
            }
            case INTEGER -> {
                end = number(i);
                if (end == UNSURE || !integral || !rule.inBounds((double) integerValue)) {
                    return UNSURE;
                }
                longValues[rule.slot] = integerValue;
            }
            case TIMESTAMP -> {
                end = timestamp(i, rule);
                if (end == UNSURE) {
                    return UNSURE;
                }
            }
            case BOOLEAN -> {
                boolean yes = b[i] == 't';
                end = literal(i, yes ? "true" : "false");
                longValues[rule.slot] = yes ? 1 : 0;
            }
            default -> throw new IllegalStateException(type.toString());
        }
        if (end != UNSURE) {
            present |= bit;
        }
        return end;
    }

    /** The value of string field {@code index} in {@code b[from, to)}, if it passes the rules. */
    private String string(int index, int from, int to) {
        KnownValues known = knownValues[index];
        if (known == null) {
            return rules[index].validOrNull(new String(b, from, to - from, StandardCharsets.UTF_8));
        }
        int hash = KnownValues.hash(b, from, to);
        String s = known.get(b, from, to, hash);
        if (s == null) {
            s = rules[index].validOrNull(new String(b, from, to - from, StandardCharsets.UTF_8));
            if (s != null) {
                known.put(b, from, to, hash, s);
            }
        }
        return s;
    }

    private int timestamp(int i, FieldRule rule) {
        TimeFormat format = rule.field.format();
        long ts;
        int end;
        if (b[i] == '"') {
            if (format != TimeFormat.AUTO && format != TimeFormat.ISO8601) {
                return UNSURE;
            }
            end = plainString(i + 1);
            if (end == UNSURE) {
                return UNSURE;
            }
            ts = UtcInstants.utcMillis(b, i + 1, end);
            end++;
        } else {
            end = number(i);
            if (end == UNSURE) {
                return UNSURE;
            }
            if (format == TimeFormat.EPOCH_SECONDS) {
                if (Math.abs(numberValue) > 1e15) {
                    return UNSURE;
                }
                ts = Math.round(numberValue * 1000);
            } else if (integral && format != TimeFormat.ISO8601) {
                ts = integerValue;
            } else {
                return UNSURE;
            }
        }
        if (ts < 0 || ts > UtcInstants.MAX_TIMESTAMP) {
            return UNSURE;
        }
        longValues[rule.slot] = ts;
        return end;
    }

    /**
     * Scans the string whose content starts at {@code i}: returns the index of its closing quote,
     * or UNSURE if it holds an escape (a value read must be decoded: Jackson's path does that) or a
     * control character (not JSON).
     */
    private int plainString(int i) {
        return stringEnd(i, false);
    }

    /** As {@link #plainString} for a value skipped: valid escapes are fine. After the quote. */
    private int skipString(int i) {
        int end = stringEnd(i, true);
        return end == UNSURE ? UNSURE : end + 1;
    }

    /**
     * The index of the quote that ends the string whose content starts at {@code i}, eight bytes at
     * a time where none of them needs a look of its own (a quote, a backslash, a control character,
     * a byte that is not ASCII).
     */
    private int stringEnd(int i, boolean escapes) {
        byte[] b = this.b;
        int n = b.length;
        while (true) {
            while (i + Long.BYTES <= n) {
                long special = special(RecordBytes.eightBytes(b, i));
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += Long.BYTES;
            }
            if (i >= n) {
                return UNSURE;
            }
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0) {
                nonAscii = true;
                i++;
            } else if (c == '\\') {
                i = escapes ? escapeEnd(i) : UNSURE;
                if (i == UNSURE) {
                    return UNSURE;
                }
            } else if (c < 0x20) {
                return UNSURE;
            } else {
                i++; // an ordinary byte of the last seven
            }
        }
    }

    /**
     * The high bit of each byte of {@code x} that is a quote, a backslash, a control character or
     * not ASCII; bytes above the first such may be marked too (borrows), never one below it.
     */
    private static long special(long x) {
        long quote = x ^ (0x22 * ONES);
        long backslash = x ^ (0x5C * ONES);
        return ((quote - ONES) & ~quote
                        | (backslash - ONES) & ~backslash
                        | (x - 0x20 * ONES) & ~x
                        | x)
                & HIGH_BITS;
    }

    /** The index after the escape at {@code i}, if it is one JSON has. */
    private int escapeEnd(int i) {
        if (i + 1 >= b.length) {
            return UNSURE;
        }
        byte e = b[i + 1];
        if (e == 'u') {
            if (i + 5 >= b.length) {
                return UNSURE;
            }
            for (int h = i + 2; h < i + 6; h++) {
                if (Character.digit(b[h], 16) < 0) {
                    return UNSURE;
                }
            }
            return i + 6;
        }
        boolean known =
                e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't';
        return known ? i + 2 : UNSURE;
    }

    /** Skips any JSON value at {@code i}, checking its grammar; returns the index after it. */
    private int skipValue(int i, int depth) {
        switch (b[i]) {
            case '"' -> {
                return skipString(i + 1);
            }
            case '{' -> {
                return object(i + 1, null, depth + 1);
            }
            case '[' -> {
                return skipArray(i + 1, depth + 1);
            }
            case 't' -> {
                return literal(i, "true");
            }
            case 'f' -> {
                return literal(i, "false");
            }
            case 'n' -> {
                return literal(i, "null");
            }
            default -> {
                return number(i);
            }
        }
    }

    private int skipArray(int i, int depth) {
        if (depth > MAX_DEPTH) {
            return UNSURE;
        }
        i = whitespace(i);
        if (i < b.length && b[i] == ']') {
            return i + 1;
        }
        while (i < b.length) {
            i = skipValue(i, depth);
            if (i == UNSURE) {
                return UNSURE;
            }
            i = whitespace(i);
            if (i >= b.length) {
                return UNSURE;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return UNSURE;
            }
            i = whitespace(i + 1);
        }
        return UNSURE;
    }

    private int literal(int i, String word) {
        int n = word.length();
        if (i + n > b.length) {
            return UNSURE;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return UNSURE;
            }
        }
        // "nullx" is not JSON; the container's check of the next byte catches it.
        return i + n;
    }

    /**
     * Scans a JSON number at {@code i} into {@link #numberValue} (and {@link #integerValue} if
     * {@link #integral}); UNSURE unless its double is exact by construction: at most 15 significant
     * digits and a power of ten up to 22 (Clinger's fast path, one correctly rounded operation).
     */
    private int number(int i) {
        int start = i;
        boolean negative = false;
        if (i < b.length && b[i] == '-') {
            negative = true;
            i++;
        }
        int firstDigit = i;
        long mantissa = 0;
        int digits = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            if (digits > 0 || b[i] != '0') {
                digits++;
            }
            mantissa = digits <= 18 ? mantissa * 10 + (b[i] - '0') : mantissa;
            i++;
        }
        int intDigits = i - firstDigit;
        if (intDigits == 0 || (intDigits > 1 && b[firstDigit] == '0')) {
            return UNSURE; // not JSON (no digit, or a leading zero)
        }
        int fractionDigits = 0;
        if (i < b.length && b[i] == '.') {
            i++;
            int fractionStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (digits > 0 || b[i] != '0') {
                    digits++;
                }
                mantissa = digits <= 18 ? mantissa * 10 + (b[i] - '0') : mantissa;
                i++;
            }
            fractionDigits = i - fractionStart;
            if (fractionDigits == 0) {
                return UNSURE;
            }
        }
        int exponent = 0;
        boolean hasExponent = i < b.length && (b[i] == 'e' || b[i] == 'E');
        if (hasExponent) {
            i++;
            boolean negativeExponent = false;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int exponentStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - exponentStart < 4) {
                exponent = exponent * 10 + (b[i] - '0');
                i++;
            }
            if (i == exponentStart || (i < b.length && b[i] >= '0' && b[i] <= '9')) {
                return UNSURE;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i - start > MAX_NUMBER_LENGTH || digits > 15 || (negative && mantissa == 0)) {
            return UNSURE; // -0 is 0 or -0.0 by its form: Jackson's path knows which
        }
        int power = exponent - fractionDigits;
        if (power < -22 || power > 22) {
            return UNSURE;
        }
        // Fraction digits are part of the mantissa: 12.50 is 1250 / 10^2.
        double v = power >= 0 ? mantissa * POWERS_OF_TEN[power] : mantissa / POWERS_OF_TEN[-power];
        numberValue = negative ? -v : v;
        integral = fractionDigits == 0 && !hasExponent;
        integerValue = negative ? -mantissa : mantissa;
        return i;
    }

    private int whitespace(int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }
}
