package dev.streamingetl.job.records;

import static dev.streamingetl.job.testing.HostileRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.Gen;
import dev.streamingetl.job.testing.HostileRecords;
import dev.streamingetl.job.testing.PropertyCheck;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.SpecEventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The differential test of the parser's fast path: Jackson's path is the oracle. For every record
 * (generated events of the default and example specs with their bad records, their truncations and
 * byte flips, the hostile corpus, and edge cases written out) the fast path either declines or
 * gives exactly the oracle's event, and the parser as the job runs it gives the oracle's event or
 * the same reason and detail. Over 200,000 records per build; {@code bin/bench --mode differential}
 * runs millions.
 */
class SpecFieldScannerTest {

    private static final int MAX = 1 << 20;
    private static final long T0 = 1_795_514_400_000L;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"default.yaml", "orders.yaml", "sensors.yaml", "every-type.yaml"})
    void generatedEventsTheirTruncationsAndByteFlipsHaveJacksonsOutcome(String name)
            throws Exception {
        Differential check = new Differential(PipelineSpec.load(specFile(name)));
        SpecEventGenerator generator =
                new SpecEventGenerator(check.spec, 20, 5_000, 0.1, 0.05, name.hashCode());
        SplittableRandom random = new SplittableRandom(name.hashCode());
        int validAnswered = 0;
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            EventGenerator.Record r = generator.next(T0 + i * 7L);
            Outcome outcome = check.outcome(r.value());
            if (!r.bad()) {
                valid++;
                validAnswered += outcome.fastAnswered ? 1 : 0;
            }
            if (r.value() != null && r.value().length > 1) {
                check.outcome(Damage.truncated(r.value(), random));
                check.outcome(Damage.flipped(r.value(), random));
                check.outcome(Damage.flipped(Damage.flipped(r.value(), random), random));
            }
        }
        // The fast path must serve the common case, or it is only a slower way to call Jackson.
        assertThat(validAnswered).as("valid events the fast path answered").isEqualTo(valid);
        assertThat(check.records).isGreaterThan(70_000);
    }

    @Test
    void theContractGeneratorsEventsAndTheHostileCorpusHaveJacksonsOutcome() {
        Differential check = new Differential(PipelineSpec.defaultSpec());
        EventGenerator generator = new EventGenerator(20, 100_000, 0.05, 0.02, 3);
        for (int i = 0; i < 10_000; i++) {
            check.outcome(generator.next(T0 + i).value());
        }
        PropertyCheck.forAll(3000, HostileRecords.validEvents(), check::outcome);
        PropertyCheck.forAll(5000, HostileRecords.eventsWithAHostileField(), check::outcome);
        PropertyCheck.forAll(2000, HostileRecords.truncatedEvents(), check::outcome);
        PropertyCheck.forAll(2000, HostileRecords.eventsWithInvalidUtf8(), check::outcome);
        PropertyCheck.forAll(3000, HostileRecords.nonObjectBytes(), check::outcome);
        PropertyCheck.forAll(3000, Gen.bytes(0, 300), check::outcome);
        for (byte[] value : HostileRecords.rejected(500, 2 << 20)) {
            check.outcome(value);
        }
        assertThat(check.records).isGreaterThan(28_000);
    }

    @Test
    void edgesOfNumbersTimesStringsAndNesting() throws Exception {
        Differential check = new Differential(PipelineSpec.load(specFile("every-type.yaml")));
        String base =
                "{\"code\":\"ab-123\",\"geo\":{\"region\":\"north\",\"depth\":%s},\"at\":%s,"
                        + "\"flag\":%s,\"cost\":%s,\"seen_at\":%s,\"note\":%s,\"extra\":%s}";
        String[] depths = {"0", "-0", "20", "-20", "21", "1e1", "1.0", "007", "-", "1.", "9e0"};
        String[] ats = {
            "1795514400000",
            "0",
            "-1",
            "253402300799999",
            "253402300800000",
            "1.5",
            "1e3",
            "\"2026-11-24T10:00:00Z\"",
            "17955144000000000000",
            "null"
        };
        String[] flags = {"true", "false", "null", "tru", "1", "\"true\"", "truex"};
        String[] costs = {
            "-0.5",
            "0",
            "-0",
            "-0.0",
            "1",
            "-1e22",
            "-1e23",
            "-1.7976931348623157e308",
            "-1e400",
            "-0.1",
            "-123456789012345",
            "-1234567890123456",
            "-12345678901234567890",
            "-4.9e-324",
            "-2.2250738585072014E-308",
            "-0.30000000000000004",
            "-1E+2",
            "-1e-22",
            "-1e-23",
            "-.5",
            "-00.5",
            "- 1",
            "-1e",
            "-1e+",
            "-9007199254740993"
        };
        String[] seen = {
            "\"2026-11-24T10:00:00Z\"",
            "\"2026-11-24T10:00:00.1Z\"",
            "\"2026-11-24T10:00:00.123456789Z\"",
            "\"2026-11-24T10:00:00.1234567891Z\"",
            "\"2026-11-24T10:00:00+01:00\"",
            "\"2026-02-29T10:00:00Z\"",
            "\"2024-02-29T23:59:59.999Z\"",
            "\"1969-12-31T23:59:59Z\"",
            "\"2026-11-24T24:00:00Z\"",
            "\"2026-11-24t10:00:00z\"",
            "\"2026-11-24T10:00:00\\u005a\"",
            "1795514400000",
            "null"
        };
        String[] notes = {
            "\"abc\"",
            "\"ab\"",
            "\"abcdef\"",
            "\"a\\\"c\"",
            "\"ab\\u0063\"",
            "\"äöü\"",
            "\"a😀b\"",
            "\"a\tb\"",
            "null",
            "1",
            "\"\""
        };
        String[] extras = {
            "{}",
            "[]",
            "{\"a\":[1,2,{\"b\":null}],\"c\":\"\\\"x\\\\\"}",
            "[1,]",
            "{\"a\":1,}",
            "\"\\x\"",
            "\"\\u12g4\"",
            "[[[[[[[[[[]]]]]]]]]]",
            "{\"a\":01}",
            "{\"a\" 1}",
            "tRue",
            "\"é\"",
            "-1.5e+10",
            "[\"a\\/b\\b\\f\\n\\r\\t\"]"
        };
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            String json =
                    String.format(
                            base,
                            pick(depths, random),
                            pick(ats, random),
                            pick(flags, random),
                            pick(costs, random),
                            pick(seen, random),
                            pick(notes, random),
                            pick(extras, random));
            check.outcome(bytes(json));
        }
        // Whitespace, order, duplicates, paths that are not objects, and what follows the end.
        for (String json :
                List.of(
                        " \t\n{\"at\" : 1 ,\"flag\":true, \"code\":\"x-1\", \"geo\" : {\"depth\":1,\"region\":\"south\"}}\r\n",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"south\"}} x",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"south\"}}{}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1},\"geo\":{\"region\":\"east\"}}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\",\"depth\":2}}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":[1],\"geo\":{\"depth\":1,\"region\":\"east\"}}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":\"x\"}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"},\"at\":2}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"},\"extra\":1,\"extra\":2}",
                        "{\"\\u0061t\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"}}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"},\"x\":"
                                + "[".repeat(100)
                                + "]".repeat(100)
                                + "}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"},\"x\":"
                                + "[".repeat(300)
                                + "]".repeat(300)
                                + "}",
                        "{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"},\"n\":"
                                + "1".repeat(1200)
                                + "}",
                        "\uFEFF{\"at\":1,\"flag\":true,\"code\":\"AB-123\",\"geo\":{\"depth\":1,\"region\":\"east\"}}",
                        "{}",
                        "{",
                        "")) {
            check.outcome(bytes(json));
        }
        assertThat(check.fastAnswers).as("records the fast path answered").isGreaterThan(1_000);
        assertThat(check.fastDeclines).as("records the fast path declined").isGreaterThan(1_000);
    }

    /** The first (valid) value two times in three, so that whole records are often valid. */
    private static String pick(String[] values, SplittableRandom random) {
        return random.nextInt(3) > 0 ? values[0] : values[random.nextInt(values.length)];
    }

    private Path specFile(String name) throws Exception {
        return name.equals(TestSpecs.EVERY_TYPE)
                ? TestSpecs.everyType(dir, "auto")
                : Path.of("..", "pipelines", name);
    }

    /** What one record gave. */
    private record Outcome(boolean fastAnswered) {}

    /**
     * Holds both paths to one outcome. The fast path and the oracle are separate parsers, so that
     * neither one's remembered values help the other.
     */
    private static final class Differential {
        final PipelineSpec spec;
        final SpecEventParser fast;
        final SpecEventParser oracle;
        int records;
        int fastAnswers;
        int fastDeclines;

        Differential(PipelineSpec spec) {
            this.spec = spec;
            this.fast = new SpecEventParser(spec, MAX);
            this.oracle = new SpecEventParser(spec, MAX);
        }

        Outcome outcome(byte[] value) {
            records++;
            SpecEvent expected;
            InvalidRecord rejected = null;
            try {
                expected = oracle.parseWithJackson(value, 3, 42);
            } catch (InvalidRecord e) {
                expected = null;
                rejected = e;
            }
            SpecEvent answer = fast.scan(value, 3, 42);
            String shown =
                    value == null ? "a tombstone" : new String(value, StandardCharsets.UTF_8);
            if (answer != null) {
                fastAnswers++;
                assertThat(rejected)
                        .as("the fast path accepted %s, which Jackson's path rejects", shown)
                        .isNull();
                assertThat(answer).as("the fast path's event of %s", shown).isEqualTo(expected);
            } else {
                fastDeclines++;
            }
            SpecEvent parsed;
            try {
                parsed = fast.parse(value, 3, 42);
            } catch (InvalidRecord e) {
                assertThat(rejected).as("%s rejected (%s)", shown, e.detail()).isNotNull();
                assertThat(e.reason() + ": " + e.detail())
                        .as("why %s is rejected", shown)
                        .isEqualTo(rejected.reason() + ": " + rejected.detail());
                return new Outcome(answer != null);
            }
            assertThat(rejected)
                    .as("%s accepted, though Jackson's path rejects it", shown)
                    .isNull();
            assertThat(parsed).isEqualTo(expected);
            return new Outcome(answer != null);
        }
    }

    /** Damage done to a record's bytes. */
    private static final class Damage {
        private static final byte[] INTERESTING = bytes("\"\\,:{}[]-+.eE0 9tn\u0000");

        static byte[] truncated(byte[] value, SplittableRandom random) {
            return java.util.Arrays.copyOf(value, random.nextInt(1, value.length));
        }

        static byte[] flipped(byte[] value, SplittableRandom random) {
            byte[] copy = value.clone();
            int at = random.nextInt(copy.length);
            copy[at] =
                    random.nextBoolean()
                            ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (byte) random.nextInt(256);
            return copy;
        }
    }
}
