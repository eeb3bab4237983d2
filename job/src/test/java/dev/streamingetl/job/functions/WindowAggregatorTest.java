package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.job.testing.DefaultSpecEvents;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SpecAccumulator} on the default spec, {@link WindowAggregator}, {@link
 * SpecAccumulatorSerializer} and {@link WindowPartialSerializer}. The default spec's values are
 * event_count, unique_users, value_count, value_sum, _min, _max, _avg, _p50, _p95, _p99.
 */
class WindowAggregatorTest {

    private static final SpecAccumulator.Layout LAYOUT =
            new SpecAccumulator.Layout(DefaultSpecEvents.SPEC);

    private final WindowAggregator aggregator = new WindowAggregator(LAYOUT);

    @Test
    void countsAndValueStatistics() {
        SpecAccumulator acc = aggregator.createAccumulator();
        add(acc, "u1", 10);
        add(acc, "u2", 20);
        add(acc, "u1", Double.NaN);
        add(acc, "u3", 40);
        assertThat(aggregator.getResult(acc).values(LAYOUT))
                .containsExactly(4L, 3L, 3L, 70.0, 10.0, 40.0, 70.0 / 3, 20.0, 40.0, 40.0);
    }

    @Test
    void withoutValuesTheValueStatisticsAreNull() {
        SpecAccumulator acc = aggregator.createAccumulator();
        add(acc, "u1", Double.NaN);
        List<Object> values = acc.values(LAYOUT);
        assertThat(values.subList(0, 3)).containsExactly(1L, 1L, 0L);
        assertThat(values.subList(3, values.size())).hasSize(7).containsOnlyNulls();
    }

    @Test
    void mergeEqualsAddingEverythingToOne() {
        SpecAccumulator left = aggregator.createAccumulator();
        SpecAccumulator right = aggregator.createAccumulator();
        SpecAccumulator all = aggregator.createAccumulator();
        for (int i = 0; i < 1000; i++) {
            SpecEvent e = event("u" + (i % 300), i % 7 == 0 ? Double.NaN : i);
            (i % 2 == 0 ? left : right).add(e, LAYOUT);
            all.add(e, LAYOUT);
        }
        List<Object> merged = aggregator.merge(left, right).values(LAYOUT);
        List<Object> single = all.values(LAYOUT);
        assertThat(merged.subList(0, 7)).isEqualTo(single.subList(0, 7));
        // Merged quantile sketches compact differently, within the sketch's rank error of ~1000
        // values.
        assertThat((Double) merged.get(7)).isCloseTo((Double) single.get(7), within(0.02 * 1000));
        assertThat((Double) merged.get(9)).isCloseTo((Double) single.get(9), within(0.02 * 1000));
        assertThat(aggregator.merge(aggregator.createAccumulator(), all).values(LAYOUT).get(1))
                .isEqualTo(300L);
    }

    @Test
    void distinctUsersWithinTwoPercentOnAHundredThousand() {
        SpecAccumulator acc = aggregator.createAccumulator();
        for (int i = 0; i < 300_000; i++) {
            add(acc, "u-" + (i % 100_000), Double.NaN);
        }
        assertThat((double) (Long) acc.values(LAYOUT).get(1)).isCloseTo(100_000, within(2_000.0));
    }

    @Test
    void quantilesWithinTheSketchRankError() {
        SpecAccumulator acc = aggregator.createAccumulator();
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(random.nextDouble() * 5);
            add(acc, "u", values[i]);
        }
        Arrays.sort(values);
        List<Object> a = acc.values(LAYOUT);
        double rankError = acc.quantiles[0].getNormalizedRankError(false);
        assertRank(values, (Double) a.get(7), 0.50, rankError);
        assertRank(values, (Double) a.get(8), 0.95, rankError);
        assertRank(values, (Double) a.get(9), 0.99, rankError);
    }

    @Test
    void serializerRoundTripsAndCopiesDeeply() throws Exception {
        SpecAccumulator acc = aggregator.createAccumulator();
        for (int i = 0; i < 5000; i++) {
            add(acc, "u" + i, i);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        SpecAccumulatorSerializer.INSTANCE.serialize(acc, out);
        SpecAccumulator back =
                SpecAccumulatorSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.values(LAYOUT)).isEqualTo(acc.values(LAYOUT));

        SpecAccumulator copy = SpecAccumulatorSerializer.INSTANCE.copy(acc);
        add(copy, "someone-new", 1e9);
        assertThat(acc.values(LAYOUT).get(0)).isEqualTo(5000L);
        assertThat(acc.values(LAYOUT).get(5)).isEqualTo(4999.0);
        assertThat(copy.values(LAYOUT).get(5)).isEqualTo(1e9);
    }

    @Test
    void aPartialFoldsInAsItsEventsWouldAndRoundTripsThroughItsSerializer() throws Exception {
        SpecAccumulator partial = aggregator.createAccumulator();
        SpecAccumulator direct = aggregator.createAccumulator();
        add(direct, "u0", 5);
        for (int i = 1; i < 2000; i++) {
            add(partial, "u" + (i % 500), i);
            add(direct, "u" + (i % 500), i);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowPartialSerializer.INSTANCE.serialize(
                new WindowPartial(new String[] {"t", "a|b"}, 0, partial), out);
        WindowPartial back =
                WindowPartialSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.group()).containsExactly("t", "a|b");
        assertThat(back.windowStart()).isZero();

        SpecAccumulator merged = aggregator.createAccumulator();
        add(merged, "u0", 5);
        aggregator.add(back, merged);
        assertThat(merged.values(LAYOUT).subList(0, 7))
                .isEqualTo(direct.values(LAYOUT).subList(0, 7));
        assertThat(merged.values(LAYOUT).get(0)).isEqualTo(2000L);
    }

    private static void assertRank(
            double[] sorted, double quantile, double rank, double rankError) {
        int below = Arrays.binarySearch(sorted, quantile);
        double actualRank = (below >= 0 ? below + 1 : -below - 1) / (double) sorted.length;
        assertThat(actualRank).isCloseTo(rank, within(rankError));
    }

    private static void add(SpecAccumulator acc, String user, double value) {
        acc.add(event(user, value), LAYOUT);
    }

    private static SpecEvent event(String user, double value) {
        return DefaultSpecEvents.event("t", user, 0, value);
    }
}
