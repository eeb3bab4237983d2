package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.model.PipelineHealth;
import java.util.List;

/** The latest rejected records: reason, detail and the start of the raw value. */
class RejectsPanel extends Div {

    private final Div rows = new Div();
    private List<PipelineHealth.Reject> shown;

    RejectsPanel() {
        addClassName("rejects");
        getElement().setAttribute("data-testid", "rejects");
        add(new H4("Latest dead letters"), rows);
    }

    void show(PipelineHealth.Snapshot h) {
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
