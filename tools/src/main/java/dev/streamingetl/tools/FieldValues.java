package dev.streamingetl.tools;

import com.github.curiousoddman.rgxgen.RgxGen;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.Normalize;
import dev.streamingetl.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Values a field's rules accept, and values they reject, drawn from the rules themselves. */
final class FieldValues {

    private FieldValues() {}

    /**
     * Up to {@code count} values that pass the field's rules as they are: its enum, or readable
     * names ({@code shop-3}) where they fit, else strings drawn from its pattern.
     */
    static String[] vocabulary(PipelineSpec spec, FieldSpec f, int count, Random rules) {
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
    static Predicate<String> acceptable(FieldSpec f) {
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

    static String normalized(FieldSpec f, String s) {
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

    /** Values of the field's own kind that its rules reject, and one of another type. */
    static List<Object> wrongValues(FieldSpec f, Random rules) {
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
                    wrong.add(new EventWriter.Raw("1e400"));
                } else {
                    wrong.add(new EventWriter.Raw("2.5"));
                }
                if (f.min() != null) {
                    wrong.add(new EventWriter.Raw(Long.toString((long) Math.floor(f.min()) - 1)));
                }
                if (f.max() != null) {
                    wrong.add(new EventWriter.Raw(Long.toString((long) Math.ceil(f.max()) + 1)));
                }
            }
            case BOOLEAN -> wrong.add("yes");
            case TIMESTAMP -> {
                wrong.add("yesterday");
                wrong.add(new EventWriter.Raw("-5"));
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
}
