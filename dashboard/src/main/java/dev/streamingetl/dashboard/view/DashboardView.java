package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.streamingetl.dashboard.chart.EventCountChart;
import dev.streamingetl.dashboard.model.DashboardFeed;
import dev.streamingetl.dashboard.model.WindowModel;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * The one page: pipeline health (the topics', and the Flink job's), event counts per window by
 * series (group values), a card per series, bad data.
 */
@Route("")
@PageTitle("Streaming ETL")
@PermitAll
public class DashboardView extends VerticalLayout {

    private final DashboardFeed feed;
    private final HealthStrip health = new HealthStrip();
    private final FlinkPanel flink = new FlinkPanel();
    private final EventCountChart chart = new EventCountChart();
    private final Div cards = new Div();
    private final RejectsPanel rejects = new RejectsPanel();
    private Runnable unsubscribe;
    private List<WindowModel.Card> shownCards = List.of();

    public DashboardView(DashboardFeed feed) {
        this.feed = feed;
        configureChart();
        configureCards();
        add(new H2("Streaming ETL"), health, flink, chart, cards, rejects);
        setSizeFull();
    }

    private void configureChart() {
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
        health.show(state.health());
        flink.show(state.flink());
        WindowModel.View windows = state.windows();
        chart.setWindows(windows.windowStarts(), windows.countsByType());
        // Rebuild the cards only when they changed: the health strip ticks every second.
        if (!windows.cards().equals(shownCards)) {
            shownCards = windows.cards();
            cards.removeAll();
            shownCards.forEach(card -> cards.add(new SummaryCard(card)));
        }
        rejects.show(state.health());
    }
}
