package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.model.Aggregate;
import dev.streamingetl.dashboard.model.WindowModel;
import java.util.Locale;

/**
 * One series' latest window: its event count, the first distinct column, the first measure's
 * aggregates and the change in count. Each figure's {@code data-field} is its column's name.
 */
class SummaryCard extends Div {

    SummaryCard(WindowModel.Card card) {
        Aggregate a = card.latest();
        addClassName("card");
        getElement().setAttribute("data-series", a.series());
        add(
                span("series", a.series()),
                figure("event_count", "events", Texts.count(a.eventCount())));
        if (a.distinct() != null) {
            add(
                    figure(
                            a.distinct().name(),
                            a.distinct().name().replace('_', ' '),
                            a.distinct().value() == null
                                    ? "–"
                                    : Texts.count(Math.round(a.distinct().value()))));
        }
        for (Aggregate.Figure f : a.measureFigures()) {
            add(
                    figure(
                            a.measure() + "_" + f.name(),
                            a.measure() + " " + f.name(),
                            f.name().equals("count") && f.value() != null
                                    ? Texts.count(Math.round(f.value()))
                                    : number(f.value())));
        }
        add(span("change", change(card.countChange())));
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
