package dev.streamingetl.tools;

import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.Normalize;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.TimeFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Predicate;

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
    private final int eventTime;
    private final int keyField;
    private final List<BadKind> badKinds = new ArrayList<>();
    private final EventWriter writer;
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
        writer = new EventWriter(spec);
        makers = new FieldMaker[fields.size()];
        for (int i = 0; i < makers.length; i++) {
            FieldSpec f = fields.get(i);
            makers[i] = maker(f, groups, distinctValues, rules);
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
        return new EventGenerator.Record(key, writer.write(values, -1), false, late);
    }

    // ---- the fields ----

    /** Makes one field's value for event {@code n} at {@code ts}; null leaves the field out. */
    private interface FieldMaker {
        Object make(long n, long ts);
    }

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
                                    new EventWriter.Raw(
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
            String[] values = FieldValues.vocabulary(spec, f, groups, rules);
            double[] cumulative = Draws.zipfCumulative(values.length, 1.1);
            pick = (n, ts) -> values[Draws.pick(random, cumulative)];
        } else if (spec.distinct().containsValue(f.name())) {
            String[] values = FieldValues.vocabulary(spec, f, distinctValues, rules);
            pick = (n, ts) -> values[random.nextInt(values.length)];
        } else if (f.allowed() == null && (f.name().endsWith("_id") || f.name().equals("id"))) {
            String prefix = f.name().replace("_id", "").replace('_', '-') + "-" + runId + "-";
            Predicate<String> fits = FieldValues.acceptable(f);
            if (fits.test(prefix + 1) && fits.test(prefix + 999_999_999_999L)) {
                pick = (n, ts) -> prefix + n;
            } else {
                String[] drawn = FieldValues.vocabulary(spec, f, distinctValues, rules);
                pick = (n, ts) -> drawn[(int) (n % drawn.length)];
            }
        } else {
            String[] values = FieldValues.vocabulary(spec, f, OTHER_STRINGS, rules);
            pick = (n, ts) -> values[random.nextInt(values.length)];
        }
        return (n, ts) -> unnormalized(f, (String) pick.make(n, ts));
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
                    byte[] event = writer.write(v, -1);
                    return Arrays.copyOf(event, event.length / 2); // truncated
                });
        badKinds.add(v -> bytes("[1,2,3]"));
        badKinds.add(v -> bytes("not json at all"));
        badKinds.add(v -> null); // a tombstone
        badKinds.add(v -> writer.write(v, eventTime)); // the event time given twice
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            if (f.required()) {
                badKinds.add(replacing(i, null));
            }
            for (Object wrong : FieldValues.wrongValues(f, rules)) {
                badKinds.add(replacing(i, wrong));
            }
        }
    }

    private BadKind replacing(int field, Object value) {
        return v -> {
            Object[] copy = v.clone();
            copy[field] = value;
            return writer.write(copy, -1);
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
