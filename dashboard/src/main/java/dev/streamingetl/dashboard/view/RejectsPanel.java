package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.chart.StackedBarChart;
import dev.streamingetl.dashboard.model.PipelineHealth;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bad data: dead letters per minute by reason as a chart, and the latest rejected records (reason,
 * detail and the start of the raw value).
 */
class RejectsPanel extends Div {

    private final Div rows = new Div();
    private List<PipelineHealth.Reject> shown;

    private final StackedBarChart perMinute =
            new StackedBarChart("dead-letter-chart", "dead letters");

    RejectsPanel() {
        addClassName("rejects");
        getElement().setAttribute("data-testid", "rejects");
        perMinute.setWidthFull();
        perMinute.setHeight("200px");
        add(
                new H4("Dead letters per minute, last 60 min"),
                perMinute,
                new H4("Latest dead letters"),
                rows);
    }

    void show(PipelineHealth.Snapshot h) {
        Map<String, long[]> byReason = new LinkedHashMap<>();
        h.rejectsByMinute().byReason().forEach((r, counts) -> byReason.put(label(r), counts));
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        perMinute.setWindows(
                h.rejectsByMinute().minutes(), byReason, to.minus(PipelineHealth.MINUTES_KEPT), to);
        if (h.latestRejects().equals(shown)) {
            return;
        }
        shown = h.latestRejects();
        rows.removeAll();
        if (h.latestRejects().isEmpty()) {
            rows.add(new Span("none in the last minute"));
        }
        for (PipelineHealth.Reject r : h.latestRejects()) {
            Div row = new Div(badge(r.reason()), new Span(r.detail()), code(r.raw()));
            row.addClassName("reject");
            rows.add(row);
        }
    }

    /** A reason as people read it: {@code invalid_field} is "invalid field". */
    static String label(String reason) {
        return reason.replace('_', ' ');
    }

    private static Span badge(String reason) {
        Span s = new Span(reason);
        s.getElement().getThemeList().add("badge error");
        return s;
    }

    private static Span code(String raw) {
        Span s = new Span(raw);
        s.addClassName("raw");
        return s;
    }
}
