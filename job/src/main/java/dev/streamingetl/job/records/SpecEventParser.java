package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates one record value against a pipeline spec, with Jackson's streaming parser:
 * it reads only the spec's fields (following their paths into nested objects) and skips everything
 * else. Every field name is resolved to a slot once, here, so that parsing does no map lookup per
 * field but one per key of the record. On the default spec it gives exactly the outcomes of {@link
 * EventParser} (a differential test holds it to that). A byte-level fast path ({@link
 * SpecFieldScanner}) answers first where it is certain; Jackson's path is its oracle. Not
 * thread-safe.
 */
public final class SpecEventParser {

    private final PipelineSpec spec;
    private final RecordBytes bytes;
    private final JsonFactory json;
    private final Node root = new Node();
    private final FieldRule[] rules;
    private final int strings;
    private final int numbers;
    private final int longs;
    private final int eventTime;
    private final long required;
    private final SpecFieldScanner scanner;

    public SpecEventParser(PipelineSpec spec, int maxRecordBytes) {
        this.spec = spec;
        this.bytes = new RecordBytes(maxRecordBytes);
        this.json = RecordJackson.jsonFactory(maxRecordBytes);
        List<FieldSpec> fields = spec.fields();
        if (fields.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most 64 fields, not " + fields.size());
        }
        rules = new FieldRule[fields.size()];
        int[] slots = slots(fields);
        long req = 0;
        for (int i = 0; i < rules.length; i++) {
            FieldSpec f = fields.get(i);
            rules[i] = new FieldRule(f, slots[i]);
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
        scanner = new SpecFieldScanner(spec, rules, strings, numbers, longs, eventTime, required);
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

    /**
     * The event in {@code value}, or an {@link InvalidRecord} that says why there is none: the fast
     * path's answer where it is certain, Jackson's otherwise.
     */
    public SpecEvent parse(byte[] value, int partition, long offset) throws InvalidRecord {
        SpecEvent event = scan(value, partition, offset);
        return event != null ? event : parseWithJackson(value, partition, offset);
    }

    /**
     * What {@link #parse} says, by Jackson's path alone: the oracle of the fast path's tests and
     * benchmarks.
     */
    public SpecEvent parseWithJackson(byte[] value, int partition, long offset)
            throws InvalidRecord {
        bytes.check(value);
        return parseChecked(value, partition, offset);
    }

    /**
     * The fast path's event for {@code value}, or null where it is not certain (or the record is
     * not even valid UTF-8, which it checks only for records that are not all ASCII).
     */
    public SpecEvent scan(byte[] value, int partition, long offset) {
        try {
            bytes.checkSize(value);
        } catch (InvalidRecord e) {
            return null;
        }
        SpecEvent event = scanner.scan(value, partition, offset);
        return event == null || (scanner.sawNonAscii() && !bytes.isUtf8(value)) ? null : event;
    }

    private SpecEvent parseChecked(byte[] value, int partition, long offset) throws InvalidRecord {
        try (JsonParser p = json.createParser(value)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidRecord(
                        DeadLetter.NOT_AN_OBJECT,
                        "record is " + RecordJackson.kind(token) + ", expected a JSON object");
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
                    DeadLetter.MALFORMED_JSON, "not valid JSON: " + RecordJackson.describe(e));
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

    private void readField(JsonParser p, JsonToken token, FieldRule rule, int index, Values v)
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
}
