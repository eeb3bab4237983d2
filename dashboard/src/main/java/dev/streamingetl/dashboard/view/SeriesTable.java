package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import dev.streamingetl.dashboard.model.WindowModel;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The series beyond those shown as cards, one row each with the same figures of its latest window:
 * sortable by any column, a click opens the series. Hidden while there are none.
 */
class SeriesTable extends Grid<WindowModel.Card> {

    private final FigureColumns<WindowModel.Card> figures =
            new FigureColumns<>(this, WindowModel.Card::latest);
    private List<WindowModel.Card> shown = List.of();

    SeriesTable(Consumer<String> openSeries) {
        getElement().setAttribute("data-testid", "series-table");
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        setAllRowsVisible(true);
        addItemClickListener(e -> openSeries.accept(e.getItem().latest().series()));
        setVisible(false);
    }

    void show(List<WindowModel.Card> cards) {
        setVisible(!cards.isEmpty());
        if (cards.isEmpty() || cards.equals(shown)) {
            return;
        }
        shown = cards;
        boolean changed =
                figures.fit(
                        cards.get(0).latest(),
                        () ->
                                addColumn(c -> c.latest().series())
                                        .setHeader("series")
                                        .setKey("series")
                                        .setComparator(
                                                Comparator.comparing(
                                                        (WindowModel.Card c) ->
                                                                c.latest().series()))
                                        .setAutoWidth(true));
        if (changed) {
            addColumn(c -> SummaryCard.change(c.countChange()))
                    .setHeader("vs previous window")
                    .setKey("change")
                    .setComparator(
                            Comparator.comparing(
                                    WindowModel.Card::countChange,
                                    Comparator.nullsFirst(Comparator.<Double>naturalOrder())));
        }
        setItems(cards);
    }
}
