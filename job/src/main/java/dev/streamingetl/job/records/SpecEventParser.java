package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.Normalize;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.TimeFormat;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates one record value against a pipeline spec, with Jackson's streaming parser:
 * it reads only the spec's fields (following their paths into nested objects) and skips everything
 * else. Every field name is resolved to a slot once, here, so that parsing does no map lookup per
 * field but one per key of the record. On the default spec it gives exactly the outcomes of {@link
 * EventParser} (a differential test holds it to that). Not thread-safe.
 */
public final class SpecEventParser {

    /** At most this many distinct values of one field are remembered as valid. */
    private static final int MAX_KNOWN = 10_000;

    private final PipelineSpec spec;
    private final RecordBytes bytes;
    private final JsonFactory json;
    private final Node root = new Node();
    private final Rule[] rules;
    private final int strings;
    private final int numbers;
    private final int longs;
    private final int eventTime;
    private final long required;

    public SpecEventParser(PipelineSpec spec, int maxRecordBytes) {
        this.spec = spec;
        this.bytes = new RecordBytes(maxRecordBytes);
        this.json = EventParser.jsonFactory(maxRecordBytes);
        List<FieldSpec> fields = spec.fields();
        if (fields.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most 64 fields, not " + fields.size());
        }
        rules = new Rule[fields.size()];
        int[] slots = slots(fields);
        long req = 0;
        for (int i = 0; i < rules.length; i++) {
            FieldSpec f = fields.get(i);
            rules[i] = new Rule(f, slots[i]);
            Node node = root;
            for (String key : f.path()) {
                node = node.add(key);
            }
            node.field = i;
            if (f.required()) {
                req |= 1L << i;
            }
        }
        strings = count(fields, FieldType.STRING);
        numbers = count(fields, FieldType.NUMBER);
        longs =
                count(fields, FieldType.INTEGER)
                        + count(fields, FieldType.TIMESTAMP)
                        + count(fields, FieldType.BOOLEAN);
        required = req;
        eventTime = rules[fields.indexOf(spec.field(spec.eventTime()))].slot;
    }

    /** The slot of field {@code name} in its kind's array of a {@link SpecEvent}. */
    public int slot(String name) {
        return rules[spec.fields().indexOf(spec.field(name))].slot;
    }

    /**
     * The slot of field {@code name} in its kind's array of any {@link SpecEvent} of {@code spec}
     * (what {@link #slot} says, without a parser).
     */
    public static int slotOf(PipelineSpec spec, String name) {
        return slots(spec.fields())[spec.fields().indexOf(spec.field(name))];
    }

    /**
     * Each field's slot: strings, numbers and the long-valued kinds (integer, timestamp, boolean)
     * each take theirs in spec order; json fields have none (-1).
     */
    private static int[] slots(List<FieldSpec> fields) {
        int[] slots = new int[fields.size()];
        int s = 0;
        int n = 0;
        int l = 0;
        for (int i = 0; i < slots.length; i++) {
            slots[i] =
                    switch (fields.get(i).type()) {
                        case STRING -> s++;
                        case NUMBER -> n++;
                        case INTEGER, TIMESTAMP, BOOLEAN -> l++;
                        case JSON -> -1;
                    };
        }
        return slots;
    }

    private static int count(List<FieldSpec> fields, FieldType type) {
        return (int) fields.stream().filter(f -> f.type() == type).count();
    }

    /** The bit of field {@code name} in {@link SpecEvent#present()}. */
    public static long presenceBit(PipelineSpec spec, String name) {
        return 1L << spec.fields().indexOf(spec.field(name));
    }

    /** The event in {@code value}, or an {@link InvalidRecord} that says why there is none. */
    public SpecEvent parse(byte[] value, int partition, long offset) throws InvalidRecord {
        bytes.check(value);
        try (JsonParser p = json.createParser(value)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidRecord(
                        DeadLetter.NOT_AN_OBJECT,
                        "record is " + EventParser.kind(token) + ", expected a JSON object");
            }
            Values v = new Values(new String[strings], new double[numbers], new long[longs]);
            Arrays.fill(v.numbers, Double.NaN);
            if (readObject(p, root, v) != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new InvalidRecord(
                        DeadLetter.MALFORMED_JSON,
                        "not valid JSON: content after the object's end");
            }
            if ((v.present & required) != required) {
                throw new InvalidRecord(
                        DeadLetter.MISSING_FIELD, "missing required field " + missing(v.present));
            }
            if (v.invalid != null) {
                throw v.invalid;
            }
            return new SpecEvent(
                    v.strings,
                    v.numbers,
                    v.longs,
                    v.present,
                    v.longs[eventTime],
                    partition,
                    offset,
                    value);
        } catch (StreamConstraintsException e) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON,
                    "record exceeds a parser limit: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecord(
                    DeadLetter.MALFORMED_JSON, "not valid JSON: " + EventParser.describe(e));
        }
    }

    /**
     * Reads the members of the object just opened, down the paths of {@code node}; returns the
     * token that ended them.
     */
    private JsonToken readObject(JsonParser p, Node node, Values v) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            Node child = node.child(p.currentName());
            token = p.nextToken();
            if (child == null) {
                p.skipChildren();
            } else if (child.field >= 0) {
                readField(p, token, rules[child.field], child.field, v);
            } else if (token == JsonToken.START_OBJECT) {
                readObject(p, child, v);
            } else {
                p.skipChildren(); // not the object a path goes through: its fields are absent
            }
        }
        return token;
    }

    private void readField(JsonParser p, JsonToken token, Rule rule, int index, Values v)
            throws IOException {
        FieldSpec f = rule.field;
        long bit = 1L << index;
        if (f.type() == FieldType.JSON) {
            // Kept whole in the raw table; as the contract's properties, never judged here.
            p.skipChildren();
            return;
        }
        if ((v.present & bit) != 0 && v.invalid == null) {
            v.invalid =
                    new InvalidRecord(
                            DeadLetter.INVALID_FIELD,
                            "field " + f.describe() + " appears more than once");
        }
        if (token == JsonToken.VALUE_NULL) {
            return; // absent: a required field then counts as missing
        }
        v.present |= bit;
        try {
            switch (f.type()) {
                case STRING -> v.strings[rule.slot] = rule.string(p, token);
                case NUMBER -> v.numbers[rule.slot] = rule.number(p, token);
                case INTEGER -> v.longs[rule.slot] = rule.integer(p, token);
                case TIMESTAMP -> v.longs[rule.slot] = rule.timestamp(p, token);
                case BOOLEAN -> v.longs[rule.slot] = rule.bool(token);
                default -> throw new IllegalStateException(f.type().toString());
            }
        } catch (InvalidRecord e) {
            p.skipChildren();
            if (v.invalid == null) {
                v.invalid = e;
            }
        }
    }

    private String missing(long present) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            if ((required & (1L << i)) != 0 && (present & (1L << i)) == 0) {
                names.add(rules[i].field.describe());
            }
        }
        return String.join(", ", names);
    }

    /** The keys below one level of the record: a field, or the way to nested fields. */
    private static final class Node {
        /** Interned, as Jackson interns the names it reads: most lookups compare references. */
        private String[] keys = new String[0];

        private Node[] nodes = new Node[0];
        private final Map<String, Node> byName = new HashMap<>();
        int field = -1;

        Node child(String name) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == name) {
                    return nodes[i];
                }
            }
            return byName.get(name); // a name read without interning, or not a spec key
        }

        Node add(String key) {
            Node child = byName.get(key);
            if (child == null) {
                child = new Node();
                byName.put(key, child);
                keys = Arrays.copyOf(keys, keys.length + 1);
                keys[keys.length - 1] = key.intern();
                nodes = Arrays.copyOf(nodes, nodes.length + 1);
                nodes[nodes.length - 1] = child;
            }
            return child;
        }
    }

    /** What one record has given so far. */
    private static final class Values {
        final String[] strings;
        final double[] numbers;
        final long[] longs;
        long present;
        InvalidRecord invalid;

        Values(String[] strings, double[] numbers, long[] longs) {
            this.strings = strings;
            this.numbers = numbers;
            this.longs = longs;
        }
    }

    /** One field's rules, prepared once: its slot, compiled pattern and messages. */
    private static final class Rule {
        final FieldSpec field;
        final int slot;
        final String name;
        final Pattern pattern;
        final String normalized;

        /**
         * Values that passed, to their normalized form, for a field whose rules cost more than a
         * lookup (normalize, pattern, enum): group values repeat, so most records skip the rules.
         */
        final Map<String, String> known;

        final Normalize[] normalize;

        Rule(FieldSpec field, int slot) {
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
                    !field.normalize().isEmpty()
                            || field.pattern() != null
                            || field.allowed() != null;
            this.known = field.type() == FieldType.STRING && costly ? new HashMap<>() : null;
        }

        String string(JsonParser p, JsonToken token) throws IOException, InvalidRecord {
            if (token != JsonToken.VALUE_STRING) {
                throw invalid(name + " must be a string, not " + EventParser.kind(token));
            }
            String original = p.getText();
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
                                + EventParser.shorten(original)
                                + "' must be one of "
                                + field.allowed()
                                + normalized);
            }
            if (pattern != null && !pattern.matcher(s).matches()) {
                throw invalid(
                        name
                                + " '"
                                + EventParser.shorten(original)
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
                                + EventParser.kind(token));
            }
            double v = p.getDoubleValue();
            if (!Double.isFinite(v)) {
                throw invalid(
                        name + " " + EventParser.shorten(p.getText()) + " is not a finite number");
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
                                        ? EventParser.shorten(p.getText())
                                        : EventParser.kind(token)));
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
                                + EventParser.shorten(p.getText())
                                + " is below the minimum "
                                + field.min());
            }
            if (field.max() != null && v > field.max()) {
                throw invalid(
                        name
                                + " "
                                + EventParser.shorten(p.getText())
                                + " is above the maximum "
                                + field.max());
            }
            return v;
        }

        long bool(JsonToken token) throws InvalidRecord {
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE ? 1 : 0;
            }
            throw invalid(name + " must be true or false, not " + EventParser.kind(token));
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
            } else if ((token == JsonToken.VALUE_NUMBER_INT
                            || token == JsonToken.VALUE_NUMBER_FLOAT)
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
                    ts = EventParser.utcMillis(s);
                    if (ts < 0) {
                        ts = OffsetDateTime.parse(s).toInstant().toEpochMilli();
                    }
                } catch (DateTimeParseException | ArithmeticException e) {
                    throw invalid(
                            name
                                    + " '"
                                    + EventParser.shorten(s)
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
                                + EventParser.kind(token));
            }
            if (ts < 0 || ts > EventParser.MAX_TIMESTAMP) {
                throw outOfRange(Long.toString(ts));
            }
            return ts;
        }

        private InvalidRecord outOfRange(String ts) {
            return invalid(
                    name + " " + EventParser.shorten(ts) + " is outside 1970-01-01..9999-12-31");
        }

        private static InvalidRecord invalid(String detail) {
            return new InvalidRecord(DeadLetter.INVALID_FIELD, detail);
        }
    }
}
