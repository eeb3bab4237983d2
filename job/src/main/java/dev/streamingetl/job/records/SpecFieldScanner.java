package dev.streamingetl.job.records;

import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.TimeFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** Eight bytes of a record as one long, the first in the lowest bits. */
    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
    private final Key root = new Key();
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
            Key key = root;
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
    private int object(int i, Key key, int depth) {
        if (depth > MAX_DEPTH) {
            return UNSURE;
        }
        i = whitespace(i);
        if (i < b.length && b[i] == '}') {
            return i + 1;
        }
        while (i < b.length && b[i] == '"') {
            int start = i + 1;
            Key child = key == null ? null : key.expected(b, start);
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
            ts = utcMillis(i + 1, end);
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
        if (ts < 0 || ts > EventParser.MAX_TIMESTAMP) {
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
                long special = special((long) EIGHT_BYTES.get(b, i));
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

    /**
     * The UTC instant in {@code b[from, to)} in the form {@code 2026-11-24T10:15:30.123Z} (0 to 9
     * fraction digits), or -1: other forms (offsets, other fraction lengths) go to Jackson's path.
     */
    private long utcMillis(int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || n == 21 || b[to - 1] != 'Z') {
            return -1;
        }
        if (b[from + 4] != '-'
                || b[from + 7] != '-'
                || b[from + 10] != 'T'
                || b[from + 13] != ':'
                || b[from + 16] != ':'
                || (n > 20 && b[from + 19] != '.')) {
            return -1;
        }
        int year = digits(from, from + 4);
        int month = digits(from + 5, from + 7);
        int day = digits(from + 8, from + 10);
        int hour = digits(from + 11, from + 13);
        int minute = digits(from + 14, from + 16);
        int second = digits(from + 17, from + 19);
        int fraction = n > 20 ? digits(from + 20, to - 1) : 0;
        if (!RecordBytes.isUtcDateTime(year, month, day, hour, minute, second, fraction)) {
            return -1;
        }
        int fractionDigits = n > 20 ? n - 21 : 0;
        long millis = fraction;
        for (int k = fractionDigits; k > 3; k--) {
            millis /= 10;
        }
        for (int k = fractionDigits; k < 3; k++) {
            millis *= 10;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** Days since 1970-01-01 of a valid date from 1970 on (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** The decimal number in {@code b[from, to)}, or -1 if a byte there is not a digit. */
    private int digits(int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /**
     * The spec's keys at one level of the record, as UTF-8 bytes: a field, or a way down. Keys are
     * compared eight bytes at a time, starting from the one after the last match: records tend to
     * give their fields in one order.
     */
    private static final class Key {
        private byte[][] names = new byte[0][];
        private long[] heads = new long[0];
        private long[] tails = new long[0];
        private Key[] keys = new Key[0];
        private int next;
        int field = -1;

        /** This key's own name: its length in bytes, and whether it is plain (see expected). */
        int nameLength;

        boolean plainName;

        /**
         * The key expected next if the record's key at {@code from} is it, a plain one (nothing a
         * JSON string escapes, all ASCII) with its closing quote: then no scan is needed.
         */
        Key expected(byte[] b, int from) {
            if (names.length == 0) {
                return null;
            }
            Key key = keys[next];
            int end = from + key.nameLength;
            if (key.plainName
                    && end < b.length
                    && b[end] == '"'
                    && same(next, b, from, key.nameLength)) {
                next = next + 1 == names.length ? 0 : next + 1;
                return key;
            }
            return null;
        }

        Key find(byte[] b, int from, int length) {
            int count = names.length;
            for (int tried = 0, k = next; tried < count; tried++, k = k + 1 == count ? 0 : k + 1) {
                if (names[k].length == length && same(k, b, from, length)) {
                    next = k + 1 == count ? 0 : k + 1;
                    return keys[k];
                }
            }
            return null;
        }

        /** Whether name {@code k}, of {@code length} bytes, is at {@code from} in {@code b}. */
        private boolean same(int k, byte[] b, int from, int length) {
            if (from + Long.BYTES > b.length || length > 2 * Long.BYTES) {
                return Arrays.equals(names[k], 0, length, b, from, from + length);
            }
            long head = (long) EIGHT_BYTES.get(b, from);
            if (length <= Long.BYTES) {
                return (head & mask(length)) == heads[k];
            }
            return head == heads[k]
                    && (long) EIGHT_BYTES.get(b, from + length - Long.BYTES) == tails[k];
        }

        Key add(byte[] name) {
            for (int k = 0; k < names.length; k++) {
                if (Arrays.equals(names[k], name)) {
                    return keys[k];
                }
            }
            byte[] padded = Arrays.copyOf(name, Math.max(name.length, Long.BYTES));
            names = Arrays.copyOf(names, names.length + 1);
            names[names.length - 1] = name;
            heads = Arrays.copyOf(heads, heads.length + 1);
            heads[heads.length - 1] =
                    (long) EIGHT_BYTES.get(padded, 0) & mask(Math.min(name.length, Long.BYTES));
            tails = Arrays.copyOf(tails, tails.length + 1);
            tails[tails.length - 1] =
                    name.length > Long.BYTES
                            ? (long) EIGHT_BYTES.get(name, name.length - Long.BYTES)
                            : 0;
            Key key = new Key();
            key.nameLength = name.length;
            key.plainName = true;
            for (byte c : name) {
                key.plainName &= c >= 0x20 && c != '"' && c != '\\';
            }
            keys = Arrays.copyOf(keys, keys.length + 1);
            keys[keys.length - 1] = key;
            return key;
        }

        /** The low {@code length} bytes of a long. */
        private static long mask(int length) {
            return length >= Long.BYTES ? -1L : (1L << (8 * length)) - 1;
        }
    }

    /**
     * Values of one field that passed its rules (normalized), by their bytes in the record: group
     * values repeat, so most records find theirs here and make no string to look it up. Only for
     * fields whose rules cost more than a lookup, as {@link FieldRule#known}.
     */
    private static final class KnownValues {
        private static final int SLOTS = 1 << 13;

        /** Kept at most half full, so that probes stay short; later values are not remembered. */
        private static final int MAX_SIZE = SLOTS / 2;

        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private int size;

        static int hash(byte[] b, int from, int to) {
            long h = to - from;
            int i = from;
            for (; i + Long.BYTES <= to; i += Long.BYTES) {
                h = (h ^ (long) EIGHT_BYTES.get(b, i)) * 0x9E3779B97F4A7C15L;
            }
            for (; i < to; i++) {
                h = (h ^ b[i]) * 0x100000001B3L;
            }
            return (int) (h ^ (h >>> 32));
        }

        String get(byte[] b, int from, int to, int hash) {
            int length = to - from;
            for (int k = hash & (SLOTS - 1); keys[k] != null; k = (k + 1) & (SLOTS - 1)) {
                byte[] key = keys[k];
                if (key.length == length && Arrays.equals(key, 0, length, b, from, to)) {
                    return values[k];
                }
            }
            return null;
        }

        void put(byte[] b, int from, int to, int hash, String value) {
            if (size >= MAX_SIZE) {
                return;
            }
            int k = hash & (SLOTS - 1);
            while (keys[k] != null) {
                k = (k + 1) & (SLOTS - 1);
            }
            keys[k] = Arrays.copyOfRange(b, from, to);
            values[k] = value;
            size++;
        }
    }
}
