package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.streamingetl.dashboard.DashboardProperties;
import dev.streamingetl.dashboard.chart.StackedBarChart;
import dev.streamingetl.dashboard.kafka.KafkaProperties;
import dev.streamingetl.dashboard.model.DashboardFeed;
import dev.streamingetl.dashboard.model.TimeRange;
import dev.streamingetl.dashboard.model.WindowModel;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one page: pipeline health (the topics', and the Flink job's), event counts per window by
 * series (group values) over a time range, live or paused, a card per series, bad data. The URL
 * keeps the range and the pause ({@code ?range=5m&until=2026-11-24T10:05:00Z}), so a link shows the
 * same windows.
 */
@Route("")
@PageTitle("Streaming ETL")
@PermitAll
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    private final DashboardFeed feed;
    private final HealthStrip health = new HealthStrip();
    private final FlinkPanel flink = new FlinkPanel();
    private final StackedBarChart chart = new StackedBarChart("event-count-chart", "events");
    private final Div cards = new Div();
    private final RejectsPanel rejects = new RejectsPanel();
    private final RangeBar rangeBar;
    private final int cardCount;
    private final SeriesTable table;
    private Runnable unsubscribe;
    private List<WindowModel.Card> shownCards = List.of();
    private TimeRange range = TimeRange.DEFAULT;

    /** The newest window start shown while paused; null when live. */
    private Instant until;

    private DashboardFeed.State lastState;

    /** Series hidden in the chart's legend. */
    private Set<String> hidden = new TreeSet<>();

    public DashboardView(DashboardFeed feed, KafkaProperties kafka, DashboardProperties page) {
        this.feed = feed;
        this.cardCount = page.cards();
        this.table = new SeriesTable(this::openSeries);
        rangeBar = new RangeBar(kafka.history(), this::selectRange, this::pauseOrResume);
        configureChart();
        configureCards();
        add(new H2("Streaming ETL"), health, flink, rangeBar, chart, cards, table, rejects);
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        range = TimeRange.ofParam(first(params, "range"));
        until = null;
        String u = first(params, "until");
        if (u != null) {
            try {
                until = Instant.parse(u);
            } catch (DateTimeParseException e) {
                until = null; // a damaged link shows the live page
            }
        }
        hidden = new TreeSet<>(params.getOrDefault("hide", List.of()));
        chart.setHidden(hidden);
        rangeBar.show(range, until);
        if (until != null) {
            showWindows(feed.windowsUntil(range, until));
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void selectRange(TimeRange selected) {
        range = selected;
        refreshWindows();
    }

    private void pauseOrResume() {
        if (until == null) {
            List<Instant> shown = currentLive().windowStarts();
            until = shown.isEmpty() ? Instant.now() : shown.get(shown.size() - 1);
        } else {
            until = null;
        }
        refreshWindows();
    }

    private void refreshWindows() {
        rangeBar.show(range, until);
        showWindows(until == null ? currentLive() : feed.windowsUntil(range, until));
        updateUrl();
    }

    /** The URL says what the page shows: range, pause and hidden series. */
    private void updateUrl() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("range", List.of(range.param()));
        if (until != null) {
            params.put("until", List.of(until.toString()));
        }
        if (!hidden.isEmpty()) {
            params.put("hide", List.copyOf(hidden));
        }
        getUI().ifPresent(
                        ui ->
                                ui.getPage()
                                        .getHistory()
                                        .replaceState(
                                                null,
                                                new Location("", new QueryParameters(params))));
    }

    private WindowModel.View currentLive() {
        return (lastState == null ? feed.state() : lastState).windows().get(range);
    }

    /** The series' own page: its window history. */
    private void openSeries(String series) {
        getUI().ifPresent(
                        ui ->
                                ui.navigate(
                                        "series",
                                        QueryParameters.simple(
                                                Map.of("name", series, "range", range.param()))));
    }

    private void configureChart() {
        chart.addLegendListener(
                names -> {
                    hidden = new TreeSet<>(names);
                    updateUrl();
                });
        chart.addSeriesClickListener(
                series -> {
                    if (!series.equals(WindowModel.OTHER)) {
                        openSeries(series);
                    }
                });
        chart.setWidthFull();
        // A share of the window, within bounds; never squeezed by the cards below (the page
        // scrolls instead), whatever the number of series.
        chart.setHeight("clamp(320px, 45vh, 640px)");
        chart.getStyle().set("flex-shrink", "0");
    }

    private void configureCards() {
        cards.addClassName("cards");
        cards.getElement().setAttribute("data-testid", "cards");
        cards.setWidthFull();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = feed.subscribe(state -> ui.access(() -> show(state)));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    private void show(DashboardFeed.State state) {
        lastState = state;
        health.show(state.health());
        flink.show(state.flink());
        if (until == null) {
            showWindows(state.windows().get(range));
        }
        rejects.show(state.health());
    }

    private void showWindows(WindowModel.View windows) {
        // The axis spans the range chosen, whatever part of it has windows.
        List<Instant> starts = windows.windowStarts();
        Instant from =
                starts.isEmpty() ? null : starts.get(starts.size() - 1).minus(range.length());
        Instant to =
                windows.cards().stream()
                        .map(c -> c.latest().windowEnd())
                        .max(Instant::compareTo)
                        .orElse(null);
        chart.setWindows(starts, windows.countsByType(), from, to);
        // Rebuild the cards only when they changed: the health strip ticks every second.
        List<WindowModel.Card> all = windows.cards();
        List<WindowModel.Card> top = all.subList(0, Math.min(cardCount, all.size()));
        table.show(all.subList(top.size(), all.size()));
        if (!top.equals(shownCards)) {
            shownCards = List.copyOf(top);
            cards.removeAll();
            for (WindowModel.Card card : shownCards) {
                SummaryCard summary = new SummaryCard(card);
                summary.addClickListener(e -> openSeries(card.latest().series()));
                cards.add(summary);
            }
        }
    }
}
