package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.streamingetl.dashboard.chart.SeriesHistoryChart;
import dev.streamingetl.dashboard.model.Aggregate;
import dev.streamingetl.dashboard.model.DashboardFeed;
import dev.streamingetl.dashboard.model.TimeRange;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One series' window history ({@code /series?name=…&range=…}, from a click on its card or its
 * bars): its count, first distinct column and first measure's avg and quantiles as lines, and its
 * latest windows as a sortable table; live, as the main page.
 */
@Route("series")
@PermitAll
public class SeriesView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    /** Rows of the table: the latest windows. */
    static final int LATEST = 20;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final DashboardFeed feed;
    private final H2 title = new H2();
    private final Anchor back = new Anchor();
    private final SeriesHistoryChart chart = new SeriesHistoryChart();
    private final Grid<Aggregate> latest = new Grid<>();
    private String series = "";
    private TimeRange range = TimeRange.DEFAULT;
    private final FigureColumns<Aggregate> columns = new FigureColumns<>(latest, a -> a);
    private Runnable unsubscribe;

    public SeriesView(DashboardFeed feed) {
        this.feed = feed;
        back.getElement().setAttribute("data-testid", "back");
        chart.setWidthFull();
        chart.setHeight("clamp(280px, 40vh, 560px)");
        chart.getStyle().set("flex-shrink", "0");
        latest.getElement().setAttribute("data-testid", "latest-windows");
        latest.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        latest.setAllRowsVisible(true);
        add(back, title, chart, latest);
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        series = params.getOrDefault("name", List.of("")).get(0);
        range = TimeRange.ofParam(params.getOrDefault("range", List.of("")).get(0));
        title.setText(series + " · last " + range.label());
        title.getElement().setAttribute("data-series", series);
        back.setText("← all series");
        back.setHref(
                "./?" + QueryParameters.simple(Map.of("range", range.param())).getQueryString());
    }

    @Override
    public String getPageTitle() {
        return series + " · Streaming ETL";
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = feed.subscribe(state -> ui.access(this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    private void refresh() {
        List<Aggregate> history = feed.history(series, range, null);
        chart.setHistory(history);
        List<Aggregate> newestFirst =
                new ArrayList<>(
                        history.subList(Math.max(0, history.size() - LATEST), history.size()));
        Collections.reverse(newestFirst);
        if (!newestFirst.isEmpty()) {
            setColumns(newestFirst.get(0));
        }
        latest.setItems(newestFirst);
    }

    /** The table's columns follow the records: the spec decides which figures there are. */
    private void setColumns(Aggregate a) {
        columns.fit(
                a,
                () ->
                        latest.addColumn(w -> TIME.format(w.windowStart()))
                                .setHeader("window (UTC)")
                                .setKey("window_start")
                                .setComparator(Aggregate::windowStart)
                                .setAutoWidth(true));
    }
}
