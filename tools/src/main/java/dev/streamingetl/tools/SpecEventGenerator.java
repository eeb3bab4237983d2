package dev.streamingetl.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.curiousoddman.rgxgen.RgxGen;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.Normalize;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.TimeFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Makes plausible events for any pipeline spec: every field by its type and rules (enums, patterns,
 * lengths, bounds, normalization a producer might leave undone), nested paths as nested objects,
 * group values skewed (Zipf), the event time in the spec's format and slightly out of order, plus a
 * share of late events and of bad records, each of a kind the spec rejects. Not thread-safe.
 */
public final class SpecEventGenerator {

    /** Optional fields are left out of this share of events. */
    private static final double ABSENT_SHARE = 0.1;

    private static final int OTHER_STRINGS = 50;

    private final PipelineSpec spec;
    private final double badRatio;
    private final double lateRatio;
    private final long lateByMs;
    private final SplittableRandom random;
    private final String runId;
    private final FieldMaker[] makers;
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final int eventTime;
    private final int keyField;
    private final List<BadKind> badKinds = new ArrayList<>();
    private final JsonFactory json = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long sequence;

    /**
     * @param groups values of each {@code group_by} field that has no enum
     * @param distinctValues values of each field a {@code distinct} column counts
     */
    public SpecEventGenerator(
            PipelineSpec spec,
            int groups,
            int distinctValues,
            double badRatio,
            double lateRatio,
            long seed) {
        this.spec = spec;
        this.badRatio = badRatio;
        this.lateRatio = lateRatio;
        this.random = new SplittableRandom(seed);
        this.runId = Long.toString(seed & 0xffffff, 36);
        long window = spec.window() == null ? 0 : spec.window().toMillis();
        // Late by more than any window and lateness the job keeps open.
        this.lateByMs = Math.max(EventGenerator.LATE_BY_MS, 3 * window + 60_000);
        Random rules = new Random(seed);
        List<FieldSpec> fields = spec.fields();
        makers = new FieldMaker[fields.size()];
        for (int i = 0; i < makers.length; i++) {
            FieldSpec f = fields.get(i);
            makers[i] = maker(f, groups, distinctValues, rules);
            place(f.path(), i);
        }
        eventTime = fields.indexOf(spec.field(spec.eventTime()));
        String keyName =
                spec.distinct().isEmpty()
                        ? spec.groupBy().get(0)
                        : spec.distinct().values().iterator().next();
        keyField = fields.indexOf(spec.field(keyName));
        addBadKinds(rules);
    }

    /** The next record, whose event time is about {@code eventTimeMillis}. */
    public EventGenerator.Record next(long eventTimeMillis) {
        long n = sequence++;
        double dice = random.nextDouble();
        boolean bad = dice < badRatio;
        boolean late = !bad && dice < badRatio + lateRatio;
        long ts =
                late
                        ? eventTimeMillis - lateByMs
                        : eventTimeMillis - random.nextLong(EventGenerator.MAX_JITTER_MS + 1);
        Object[] values = new Object[makers.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = makers[i].make(n, ts);
        }
        byte[] key =
                values[keyField] instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
        if (bad) {
            BadKind kind = badKinds.get((int) (n % badKinds.size()));
            return new EventGenerator.Record(key, kind.make(values), true, false);
        }
        return new EventGenerator.Record(key, write(values, -1), false, late);
    }

    // ---- the fields ----

    /** Makes one field's value for event {@code n} at {@code ts}; null leaves the field out. */
    private interface FieldMaker {
        Object make(long n, long ts);
    }

    /** A value written as it is, unquoted. */
    private record Raw(String json) {}

    private FieldMaker maker(FieldSpec f, int groups, int distinctValues, Random rules) {
        FieldMaker value =
                switch (f.type()) {
                    case STRING -> stringMaker(f, groups, distinctValues, rules);
                    case NUMBER ->
                            (n, ts) -> clamp(f, Draws.round2(numberIn(f.min(), f.max(), 3.0)));
                    case INTEGER ->
                            (n, ts) -> (long) clamp(f, Math.round(numberIn(f.min(), f.max(), 4.0)));
                    case BOOLEAN -> (n, ts) -> random.nextBoolean();
                    case TIMESTAMP ->
                            f.name().equals(spec.eventTime())
                                    ? (n, ts) -> time(f.format(), ts, n)
                                    : (n, ts) ->
                                            time(f.format(), ts - random.nextLong(3_600_000), n);
                    case JSON ->
                            (n, ts) ->
                                    new Raw(
                                            "{\"source\":\"bin/generate\",\"n\":"
                                                    + random.nextInt(1000)
                                                    + "}");
                };
        if (f.required()) {
            return value;
        }
        return (n, ts) -> random.nextDouble() < ABSENT_SHARE ? null : value.make(n, ts);
    }

    private FieldMaker stringMaker(FieldSpec f, int groups, int distinctValues, Random rules) {
        FieldMaker pick;
        if (spec.groupBy().contains(f.name())) {
            String[] values = vocabulary(f, groups, rules);
            double[] cumulative = Draws.zipfCumulative(values.length, 1.1);
            pick = (n, ts) -> values[Draws.pick(random, cumulative)];
        } else if (spec.distinct().containsValue(f.name())) {
            String[] values = vocabulary(f, distinctValues, rules);
            pick = (n, ts) -> values[random.nextInt(values.length)];
        } else if (f.allowed() == null && (f.name().endsWith("_id") || f.name().equals("id"))) {
            String prefix = f.name().replace("_id", "").replace('_', '-') + "-" + runId + "-";
            Predicate<String> fits = acceptable(f);
            if (fits.test(prefix + 1) && fits.test(prefix + 999_999_999_999L)) {
                pick = (n, ts) -> prefix + n;
            } else {
                String[] drawn = vocabulary(f, distinctValues, rules);
                pick = (n, ts) -> drawn[(int) (n % drawn.length)];
            }
        } else {
            String[] values = vocabulary(f, OTHER_STRINGS, rules);
            pick = (n, ts) -> values[random.nextInt(values.length)];
        }
        return (n, ts) -> unnormalized(f, (String) pick.make(n, ts));
    }

    /**
     * Up to {@code count} values that pass the field's rules as they are: its enum, or readable
     * names ({@code shop-3}) where they fit, else strings drawn from its pattern.
     */
    private String[] vocabulary(FieldSpec f, int count, Random rules) {
        if (f.allowed() != null) {
            return f.allowed().toArray(String[]::new);
        }
        String stem = f.name().replace('_', '-');
        List<IntFunction<String>> forms =
                List.of(
                        i -> stem + "-" + i,
                        i -> f.name() + "_" + i,
                        i -> f.name() + i,
                        i -> stem.toUpperCase(Locale.ROOT) + "-" + i,
                        i -> (f.name().charAt(0) + "" + i));
        Predicate<String> fits = acceptable(f);
        for (IntFunction<String> form : forms) {
            if (fits.test(form.apply(1)) && fits.test(form.apply(count))) {
                String[] values = new String[count];
                Arrays.setAll(values, i -> form.apply(i + 1));
                return values;
            }
        }
        int max = Math.min(f.maxLength(), 12);
        String regex =
                f.pattern() != null
                        ? f.pattern()
                        : "[a-z][a-z0-9]{"
                                + Math.max(0, f.minLength() - 1)
                                + ","
                                + Math.max(0, max - 1)
                                + "}";
        Set<String> values = new LinkedHashSet<>();
        try {
            RgxGen drawn = RgxGen.parse(regex);
            for (int tries = 0; tries < count * 100 && values.size() < count; tries++) {
                String s = drawn.generate(rules);
                if (fits.test(s)) {
                    values.add(s);
                }
            }
        } catch (RuntimeException unsupported) {
            // reported below as no value
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(
                    spec.source()
                            + ": fields."
                            + f.name()
                            + ": no value drawn from its rules passes them; simplify its pattern or lengths to generate events for it");
        }
        return values.toArray(String[]::new);
    }

    /**
     * Whether a string, sent as it is, passes the field's rules and normalizes to itself; the
     * pattern compiled once, as vocabularies try many strings.
     */
    private static Predicate<String> acceptable(FieldSpec f) {
        Pattern pattern = f.pattern() == null ? null : Pattern.compile(f.pattern());
        return s -> {
            int length = s.codePointCount(0, s.length());
            return normalized(f, s).equals(s)
                    && (f.allowed() == null || f.allowed().contains(s))
                    && (pattern == null || pattern.matcher(s).matches())
                    && length >= f.minLength()
                    && length <= f.maxLength();
        };
    }

    private static String normalized(FieldSpec f, String s) {
        for (Normalize n : f.normalize()) {
            s =
                    switch (n) {
                        case TRIM -> s.strip();
                        case LOWER -> s.toLowerCase(Locale.ROOT);
                        case UPPER -> s.toUpperCase(Locale.ROOT);
                    };
        }
        return s;
    }

    /** Now and then, the value as a careless producer sends it: padded, or in the other case. */
    private String unnormalized(FieldSpec f, String s) {
        if (f.normalize().isEmpty() || random.nextInt(50) != 0 || !isAscii(s)) {
            return s;
        }
        if (f.normalize().contains(Normalize.LOWER)) {
            return f.normalize().contains(Normalize.TRIM)
                    ? " " + s.toUpperCase(Locale.ROOT) + " "
                    : s.toUpperCase(Locale.ROOT);
        }
        if (f.normalize().contains(Normalize.UPPER)) {
            return s.toLowerCase(Locale.ROOT);
        }
        return " " + s + "\t";
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    /** A number within the bounds: spread over them if both are set, else log-normal from one. */
    private double numberIn(Double min, Double max, double logMean) {
        if (min != null && max != null) {
            double u = (random.nextDouble() + random.nextDouble()) / 2;
            return min + (max - min) * u;
        }
        double spread = Math.exp(logMean + Draws.gaussian(random));
        if (min != null) {
            return min + spread;
        }
        if (max != null) {
            return max - spread;
        }
        return spread;
    }

    /** Rounding must not leave the bounds; an integer's bounds are the integers within. */
    private static double clamp(FieldSpec f, double v) {
        boolean integer = f.type() == FieldType.INTEGER;
        if (f.min() != null) {
            v = Math.max(v, integer ? Math.ceil(f.min()) : f.min());
        }
        if (f.max() != null) {
            v = Math.min(v, integer ? Math.floor(f.max()) : f.max());
        }
        return v;
    }

    private Object time(TimeFormat format, long ms, long n) {
        return switch (format) {
            case AUTO -> n % 7 == 0 ? Instant.ofEpochMilli(ms).toString() : (Object) ms;
            case EPOCH_MILLIS -> ms;
            case EPOCH_SECONDS -> ms % 1000 == 0 ? (Object) (ms / 1000) : BigDecimal.valueOf(ms, 3);
            case ISO8601 -> Instant.ofEpochMilli(ms).toString();
        };
    }

    // ---- bad records ----

    /** One way of making a record the spec rejects, from a valid event's values. */
    private interface BadKind {
        byte[] make(Object[] values);
    }

    private void addBadKinds(Random rules) {
        badKinds.add(
                v -> {
                    byte[] event = write(v, -1);
                    return Arrays.copyOf(event, event.length / 2); // truncated
                });
        badKinds.add(v -> bytes("[1,2,3]"));
        badKinds.add(v -> bytes("not json at all"));
        badKinds.add(v -> null); // a tombstone
        badKinds.add(v -> write(v, eventTime)); // the event time given twice
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            if (f.required()) {
                badKinds.add(replacing(i, null));
            }
            for (Object wrong : wrongValues(f, rules)) {
                badKinds.add(replacing(i, wrong));
            }
        }
    }

    /** Values of the field's own kind that its rules reject, and one of another type. */
    private List<Object> wrongValues(FieldSpec f, Random rules) {
        List<Object> wrong = new ArrayList<>();
        switch (f.type()) {
            case STRING -> {
                wrong.add(42L);
                String notAllowed = f.allowed() == null ? null : "not-" + f.allowed().get(0);
                if (notAllowed != null && !f.allowed().contains(normalized(f, notAllowed))) {
                    wrong.add(notAllowed);
                }
                String notMatching = notMatching(f, rules);
                if (notMatching != null) {
                    wrong.add(notMatching);
                }
                if (f.maxLength() < 10_000) {
                    wrong.add("x".repeat(f.maxLength() + 1));
                }
            }
            case NUMBER, INTEGER -> {
                wrong.add("12.5");
                if (f.type() == FieldType.NUMBER) {
                    wrong.add(new Raw("1e400"));
                } else {
                    wrong.add(new Raw("2.5"));
                }
                if (f.min() != null) {
                    wrong.add(new Raw(Long.toString((long) Math.floor(f.min()) - 1)));
                }
                if (f.max() != null) {
                    wrong.add(new Raw(Long.toString((long) Math.ceil(f.max()) + 1)));
                }
            }
            case BOOLEAN -> wrong.add("yes");
            case TIMESTAMP -> {
                wrong.add("yesterday");
                wrong.add(new Raw("-5"));
            }
            case JSON -> {
                // Any JSON value is a valid json field.
            }
        }
        return wrong;
    }

    /** A string its pattern rejects even once normalized, or null if none is found. */
    private static String notMatching(FieldSpec f, Random rules) {
        if (f.pattern() == null) {
            return null;
        }
        try {
            String s = RgxGen.parse(f.pattern()).generateNotMatching(rules);
            return Pattern.compile(f.pattern()).matcher(normalized(f, s)).matches() ? null : s;
        } catch (RuntimeException unsupported) {
            return null; // a pattern RgxGen cannot invert: the other bad kinds remain
        }
    }

    private BadKind replacing(int field, Object value) {
        return v -> {
            Object[] copy = v.clone();
            copy[field] = value;
            return write(copy, -1);
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- writing ----

    /** Puts field {@code index} at {@code path} in the tree of nested objects the events take. */
    @SuppressWarnings("unchecked")
    private void place(List<String> path, int index) {
        Map<String, Object> node = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<>());
            if (!(child instanceof Map)) {
                throw new IllegalArgumentException(
                        spec.source() + ": a field's path runs through field " + path.get(i));
            }
            node = (Map<String, Object>) child;
        }
        node.put(path.get(path.size() - 1), index);
    }

    /** The event of {@code values}; field {@code twice}, if not -1, written two times. */
    private byte[] write(Object[] values, int twice) {
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer)) {
            writeObject(g, tree, values, twice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static void writeObject(
            JsonGenerator g, Map<String, Object> node, Object[] values, int twice)
            throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                g.writeFieldName(e.getKey());
                writeObject(g, (Map<String, Object>) child, values, twice);
                continue;
            }
            int field = (Integer) e.getValue();
            Object value = values[field];
            for (int times = field == twice ? 2 : 1; times > 0 && value != null; times--) {
                g.writeFieldName(e.getKey());
                writeValue(g, value);
            }
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeRawValue(((Raw) value).json());
        }
    }
}
