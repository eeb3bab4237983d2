package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.grid.Grid;
import dev.streamingetl.dashboard.model.Aggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A table's columns for an aggregate's figures, as the records have them (the spec decides which
 * there are): the event count, the first distinct column, every aggregate of the first measure;
 * sortable, each keyed by its column's name.
 */
final class FigureColumns<T> {

    private final Grid<T> grid;
    private final Function<T, Aggregate> aggregate;
    private List<String> keys = List.of();

    FigureColumns(Grid<T> grid, Function<T, Aggregate> aggregate) {
        this.grid = grid;
        this.aggregate = aggregate;
    }

    /**
     * Makes sure the grid has a column per figure of {@code sample} after those the caller added
     * first ({@code before}); returns whether the columns changed.
     */
    boolean fit(Aggregate sample, Runnable before) {
        List<String> names = new ArrayList<>(List.of("event_count"));
        if (sample.distinct() != null) {
            names.add(sample.distinct().name());
        }
        sample.measureFigures().forEach(f -> names.add(sample.measure() + "_" + f.name()));
        if (names.equals(keys)) {
            return false;
        }
        keys = names;
        grid.removeAllColumns();
        before.run();
        column("event_count", "events", a -> (double) a.eventCount(), true);
        if (sample.distinct() != null) {
            String name = sample.distinct().name();
            column(name, name.replace('_', ' '), a -> distinct(a, name), true);
        }
        for (Aggregate.Figure f : sample.measureFigures()) {
            String figure = f.name();
            column(
                    sample.measure() + "_" + figure,
                    sample.measure() + " " + figure,
                    a -> measure(a, figure),
                    figure.equals("count"));
        }
        return true;
    }

    private void column(
            String key, String header, Function<Aggregate, Double> value, boolean whole) {
        Function<T, Double> of = aggregate.andThen(value);
        grid.addColumn(row -> format(of.apply(row), whole))
                .setHeader(header)
                .setKey(key)
                .setComparator(
                        Comparator.comparing(
                                of, Comparator.nullsFirst(Comparator.<Double>naturalOrder())))
                .setAutoWidth(true);
    }

    private static Double distinct(Aggregate a, String name) {
        return a.distinct() != null && a.distinct().name().equals(name)
                ? a.distinct().value()
                : null;
    }

    private static Double measure(Aggregate a, String figure) {
        for (Aggregate.Figure f : a.measureFigures()) {
            if (f.name().equals(figure)) {
                return f.value();
            }
        }
        return null;
    }

    private static String format(Double v, boolean whole) {
        if (v == null) {
            return "–";
        }
        return whole ? String.format(Locale.ROOT, "%,d", Math.round(v)) : SummaryCard.number(v);
    }
}
