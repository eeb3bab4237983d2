package dev.streamingetl.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.WindowAggregate;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link WindowAccumulator}, {@link WindowAggregator}, {@link
 * WindowAccumulatorSerializer} and {@link WindowPartialSerializer}.
 */
class WindowAccumulatorTest {

    private final WindowAggregator aggregator = new WindowAggregator();

    @Test
    void countsAndValueStatistics() {
        WindowAccumulator acc = aggregator.createAccumulator();
        aggregator.add(event("u1", 10), acc);
        aggregator.add(event("u2", 20), acc);
        aggregator.add(event("u1", Double.NaN), acc);
        aggregator.add(event("u3", 40), acc);
        WindowAggregate a = aggregator.getResult(acc).toAggregate(0, 10, "t", 99);
        assertThat(a)
                .isEqualTo(
                        new WindowAggregate(
                                0, 10, "t", 4, 3, 3, 70.0, 10.0, 40.0, 70.0 / 3, 20.0, 40.0, 40.0,
                                99));
    }

    @Test
    void withoutValuesTheValueStatisticsAreNull() {
        WindowAccumulator acc = aggregator.createAccumulator();
        aggregator.add(event("u1", Double.NaN), acc);
        WindowAggregate a = acc.toAggregate(0, 10, "t", 1);
        assertThat(a.eventCount()).isEqualTo(1);
        assertThat(a.valueCount()).isZero();
        assertThat(
                        Arrays.asList(
                                a.valueSum(),
                                a.valueMin(),
                                a.valueMax(),
                                a.valueAvg(),
                                a.valueP50(),
                                a.valueP95(),
                                a.valueP99()))
                .containsOnlyNulls();
    }

    @Test
    void mergeEqualsAddingEverythingToOne() {
        WindowAccumulator left = aggregator.createAccumulator();
        WindowAccumulator right = aggregator.createAccumulator();
        WindowAccumulator all = aggregator.createAccumulator();
        for (int i = 0; i < 1000; i++) {
            var e = event("u" + (i % 300), i % 7 == 0 ? Double.NaN : i);
            aggregator.add(e, i % 2 == 0 ? left : right);
            aggregator.add(e, all);
        }
        WindowAggregate merged = aggregator.merge(left, right).toAggregate(0, 1, "t", 0);
        WindowAggregate single = all.toAggregate(0, 1, "t", 0);
        assertThat(merged)
                .usingRecursiveComparison()
                .ignoringFields("valueP50", "valueP95", "valueP99")
                .isEqualTo(single);
        // Merged quantile sketches compact differently, within the sketch's rank error of ~1000
        // values.
        assertThat(merged.valueP50()).isCloseTo(single.valueP50(), within(0.02 * 1000));
        assertThat(merged.valueP99()).isCloseTo(single.valueP99(), within(0.02 * 1000));
        assertThat(
                        aggregator
                                .merge(aggregator.createAccumulator(), all)
                                .toAggregate(0, 1, "t", 0)
                                .uniqueUsers())
                .isEqualTo(300);
    }

    @Test
    void distinctUsersWithinTwoPercentOnAHundredThousand() {
        WindowAccumulator acc = aggregator.createAccumulator();
        for (int i = 0; i < 300_000; i++) {
            aggregator.add(event("u-" + (i % 100_000), Double.NaN), acc);
        }
        assertThat((double) acc.toAggregate(0, 1, "t", 0).uniqueUsers())
                .isCloseTo(100_000, within(2_000.0));
    }

    @Test
    void quantilesWithinTheSketchRankError() {
        WindowAccumulator acc = aggregator.createAccumulator();
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(random.nextDouble() * 5);
            aggregator.add(event("u", values[i]), acc);
        }
        Arrays.sort(values);
        WindowAggregate a = acc.toAggregate(0, 1, "t", 0);
        double rankError = acc.values.getNormalizedRankError(false);
        assertRank(values, a.valueP50(), 0.50, rankError);
        assertRank(values, a.valueP95(), 0.95, rankError);
        assertRank(values, a.valueP99(), 0.99, rankError);
    }

    @Test
    void serializerRoundTripsAndCopiesDeeply() throws Exception {
        WindowAccumulator acc = aggregator.createAccumulator();
        for (int i = 0; i < 5000; i++) {
            aggregator.add(event("u" + i, i), acc);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowAccumulatorSerializer.INSTANCE.serialize(acc, out);
        WindowAccumulator back =
                WindowAccumulatorSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.toAggregate(0, 1, "t", 0)).isEqualTo(acc.toAggregate(0, 1, "t", 0));

        WindowAccumulator copy = WindowAccumulatorSerializer.INSTANCE.copy(acc);
        aggregator.add(event("someone-new", 1e9), copy);
        assertThat(acc.toAggregate(0, 1, "t", 0).eventCount()).isEqualTo(5000);
        assertThat(acc.toAggregate(0, 1, "t", 0).valueMax()).isEqualTo(4999.0);
    }

    private static void assertRank(
            double[] sorted, double quantile, double rank, double rankError) {
        int below = Arrays.binarySearch(sorted, quantile);
        double actualRank = (below >= 0 ? below + 1 : -below - 1) / (double) sorted.length;
        assertThat(actualRank).isCloseTo(rank, within(rankError));
    }

    @Test
    void aPartialFoldsInAsItsEventsWouldAndRoundTripsThroughItsSerializer() throws Exception {
        WindowAccumulator partial = aggregator.createAccumulator();
        WindowAccumulator direct = aggregator.createAccumulator();
        aggregator.add(event("u0", 5), direct);
        for (int i = 1; i < 2000; i++) {
            aggregator.add(event("u" + (i % 500), i), partial);
            aggregator.add(event("u" + (i % 500), i), direct);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowPartialSerializer.INSTANCE.serialize(new WindowPartial("t", 0, partial), out);
        WindowPartial back =
                WindowPartialSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.eventType()).isEqualTo("t");

        WindowAccumulator merged = aggregator.createAccumulator();
        aggregator.add(event("u0", 5), merged);
        aggregator.add(Either.Right(back), merged);
        assertThat(merged.toAggregate(0, 1, "t", 0))
                .usingRecursiveComparison()
                .ignoringFields("valueP50", "valueP95", "valueP99")
                .isEqualTo(direct.toAggregate(0, 1, "t", 0));
        assertThat(merged.toAggregate(0, 1, "t", 0).eventCount()).isEqualTo(2000);
    }

    private static Either<Event, WindowPartial> event(String user, double value) {
        return Either.Left(new Event("t", user, 0, value, 0, 0, new byte[0]));
    }
}
