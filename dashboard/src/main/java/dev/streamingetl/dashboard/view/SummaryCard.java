package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.model.Aggregate;
import dev.streamingetl.dashboard.model.WindowModel;
import java.util.Locale;

/** One event type's latest window: count, unique users, average and p95 value, change in count. */
class SummaryCard extends Div {

    SummaryCard(WindowModel.Card card) {
        Aggregate a = card.latest();
        addClassName("card");
        getElement().setAttribute("data-type", a.eventType());
        add(
                span("type", a.eventType()),
                figure("count", "events", Long.toString(a.eventCount())),
                figure("users", "users", Long.toString(a.uniqueUsers())),
                figure("avg", "avg", number(a.valueAvg())),
                figure("p95", "p95", number(a.valueP95())),
                span("change", change(card.countChange())));
    }

    private static Span span(String name, String text) {
        Span s = new Span(text);
        s.addClassName(name);
        s.getElement().setAttribute("data-field", name);
        return s;
    }

    private static Div figure(String name, String label, String value) {
        Div d = new Div(span("label", label), span(name, value));
        d.addClassName("figure");
        return d;
    }

    static String number(Double v) {
        if (v == null) {
            return "–";
        }
        return Math.abs(v) >= 1000
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String change(Double c) {
        if (c == null) {
            return "";
        }
        long percent = Math.round(c * 100);
        return (percent > 0 ? "▲ +" : percent < 0 ? "▼ " : "= ") + percent + "% vs previous window";
    }
}
