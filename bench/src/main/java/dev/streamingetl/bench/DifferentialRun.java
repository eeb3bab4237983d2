package dev.streamingetl.bench;

import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.tools.SpecEventGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code bin/bench --mode differential}: the parser's fast path held to Jackson's path on millions
 * of records, as the job's differential test does on a few hundred thousand per build: generated
 * events of a spec (10% bad, 5% late), each also truncated and with a byte changed. A record on
 * which the two disagree is a bug; the run names the first ones and fails.
 */
final class DifferentialRun {

    private static final long T0 = 1_795_514_400_000L;
    private static final byte[] INTERESTING =
            "\"\\,:{}[]-+.eE0 9tn".getBytes(StandardCharsets.US_ASCII);

    /** What one spec's run found. */
    record Tally(
            String spec,
            long records,
            long fastAnswered,
            long accepted,
            double seconds,
            List<String> disagreements) {

        String line() {
            return String.format(
                    Locale.ROOT,
                    "%-14s %,12d records  %,12d accepted  %5.1f%% answered by the fast path  %,d disagreements  %.0f s",
                    spec,
                    records,
                    accepted,
                    100.0 * fastAnswered / records,
                    disagreements.size(),
                    seconds);
        }
    }

    private DifferentialRun() {}

    /** Checks {@code events} generated events of {@code spec} and their damaged copies. */
    static Tally run(String name, PipelineSpec spec, long events, long seed) {
        SpecEventParser fast = new SpecEventParser(spec, 1 << 20);
        SpecEventParser oracle = new SpecEventParser(spec, 1 << 20);
        SpecEventGenerator generator = new SpecEventGenerator(spec, 20, 100_000, 0.1, 0.05, seed);
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        long records = 0;
        long answered = 0;
        long accepted = 0;
        List<String> disagreements = new ArrayList<>();
        for (long i = 0; i < events; i++) {
            byte[] value = generator.next(T0 + i).value();
            List<byte[]> variants = new ArrayList<>(3);
            variants.add(value);
            if (value != null && value.length > 1) {
                variants.add(Arrays.copyOf(value, random.nextInt(1, value.length)));
                byte[] flipped = value.clone();
                flipped[random.nextInt(flipped.length)] =
                        random.nextBoolean()
                                ? INTERESTING[random.nextInt(INTERESTING.length)]
                                : (byte) random.nextInt(256);
                variants.add(flipped);
            }
            for (byte[] v : variants) {
                records++;
                Object expected = outcome(oracle, v, true);
                SpecEvent answer = fast.scan(v, 0, 0);
                answered += answer != null ? 1 : 0;
                accepted += expected instanceof SpecEvent ? 1 : 0;
                Object parsed = outcome(fast, v, false);
                boolean same =
                        parsed.equals(expected) && (answer == null || answer.equals(expected));
                if (!same && disagreements.size() < 20) {
                    disagreements.add(
                            (v == null ? "a tombstone" : new String(v, StandardCharsets.UTF_8))
                                    + "\n    Jackson: "
                                    + expected
                                    + "\n    parse:   "
                                    + parsed
                                    + "\n    fast:    "
                                    + answer);
                }
            }
        }
        return new Tally(
                name,
                records,
                answered,
                accepted,
                (System.nanoTime() - start) / 1e9,
                disagreements);
    }

    /** The event, or the reason and detail of the rejection. */
    private static Object outcome(SpecEventParser parser, byte[] value, boolean jacksonOnly) {
        try {
            return jacksonOnly ? parser.parseWithJackson(value, 0, 0) : parser.parse(value, 0, 0);
        } catch (InvalidRecord r) {
            return r.reason() + ": " + r.detail();
        }
    }
}
