package dev.streamingetl.job.functions;

import static dev.streamingetl.job.testing.HostileRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.job.records.WindowAggregate;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.tools.EventGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tests for {@link SpecAccumulator}: on the default spec, exactly the figures of {@link
 * WindowAccumulator} (its oracle), merged or not; and a spec's own measures.
 */
class SpecAccumulatorTest {

    private static final int MAX = 1 << 20;

    /**
     * With few users the distinct-count sketches hold them as a list; with many, as HLL registers,
     * where ours (HLL_4, half the memory) must still give exactly the contract's (HLL_8) estimate.
     */
    @ParameterizedTest
    @CsvSource({"3000, 20000", "200000, 100000"})
    void onTheDefaultSpecItComputesWhatTheContractAccumulatorDoes(int users, int records)
            throws Exception {
        PipelineSpec spec = PipelineSpec.defaultSpec();
        SpecEventParser specParser = new SpecEventParser(spec, MAX);
        EventParser parser = new EventParser(MAX);
        SpecAccumulator.Layout layout = new SpecAccumulator.Layout(spec);
        EventGenerator generator = new EventGenerator(1, users, 0, 0, 5);
        WindowAccumulator[] expected = {new WindowAccumulator(), new WindowAccumulator()};
        List<Double> values = new ArrayList<>();
        SpecAccumulator[] actual = {new SpecAccumulator(layout), new SpecAccumulator(layout)};
        int events = 0;
        for (int i = 0; i < records; i++) {
            byte[] value = generator.next(1_795_514_400_000L + i).value();
            Event event;
            try {
                event = parser.parse(value, 0, i);
            } catch (InvalidRecord bad) {
                continue;
            }
            // Two partials, as two source subtasks would fold them.
            expected[i % 2].add(event);
            if (event.hasValue()) {
                values.add(event.value());
            }
            actual[i % 2].add(specParser.parse(value, 0, i), layout);
            events++;
        }
        assertThat(events).isGreaterThan(records * 95 / 100);
        for (int i = 0; i < 2; i++) {
            assertThat(exact(actual[i].values(layout))).isEqualTo(exact(figures(expected[i])));
        }
        List<Object> merged = actual[0].merge(actual[1]).values(layout);
        assertThat(exact(merged)).isEqualTo(exact(figures(expected[0].merge(expected[1]))));
        // KLL compacts at random, so two sketches of the same values differ a little: each
        // quantile must be within the sketch's rank error of the exact one instead.
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] ranks = {0.50, 0.95, 0.99};
        for (int q = 0; q < ranks.length; q++) {
            double quantile = (Double) merged.get(7 + q);
            double rank = rankOf(sorted, quantile);
            assertThat(rank)
                    .as("rank of p%d", (int) (ranks[q] * 100))
                    .isCloseTo(ranks[q], offset(0.02));
        }
    }

    /** The share of {@code sorted} at or below {@code value}. */
    private static double rankOf(double[] sorted, double value) {
        int i = Arrays.binarySearch(sorted, value);
        int at = i >= 0 ? i : -i - 1;
        while (at < sorted.length && sorted[at] <= value) {
            at++;
        }
        return at / (double) sorted.length;
    }

    /** The exact figures: all but the three quantiles at the end. */
    private static List<Object> exact(List<Object> figures) {
        return figures.subList(0, figures.size() - 3);
    }

    @Test
    void aSpecsMeasuresAndDistinctColumnsInItsOrderWithNullsWhenEmpty() throws Exception {
        PipelineSpec spec =
                PipelineSpec.parse(
                        """
                        fields:
                          shop:  {type: string, required: true}
                          at:    {type: timestamp, required: true}
                          items: {type: integer}
                          price: {type: number}
                        event_time: at
                        group_by: [shop]
                        distinct: {item_kinds: items, prices: price}
                        measures: {items: [sum, max], price: [count, avg, p50]}
                        """);
        SpecEventParser parser = new SpecEventParser(spec, MAX);
        SpecAccumulator.Layout layout = new SpecAccumulator.Layout(spec);
        SpecAccumulator accumulator = new SpecAccumulator(layout);
        for (String json :
                List.of(
                        "{\"shop\":\"a\",\"at\":1,\"items\":2}",
                        "{\"shop\":\"a\",\"at\":2,\"items\":5}",
                        "{\"shop\":\"a\",\"at\":3,\"items\":2}")) {
            accumulator.add(parser.parse(bytes(json), 0, 0), layout);
        }
        assertThat(accumulator.quantiles[0])
                .as("no sketch for a measure without quantiles")
                .isNull();
        // event_count, item_kinds, prices, items_sum, items_max, price_count, price_avg, price_p50
        assertThat(accumulator.values(layout))
                .isEqualTo(Arrays.asList(3L, 2L, 0L, 9.0, 5.0, 0L, null, null));
    }

    /** The contract accumulator's figures, in the default spec's column order. */
    private static List<Object> figures(WindowAccumulator accumulator) {
        WindowAggregate a = accumulator.toAggregate(0, 10_000, "click", 0);
        return Arrays.asList(
                a.eventCount(),
                a.uniqueUsers(),
                a.valueCount(),
                a.valueSum(),
                a.valueMin(),
                a.valueMax(),
                a.valueAvg(),
                a.valueP50(),
                a.valueP95(),
                a.valueP99());
    }
}
