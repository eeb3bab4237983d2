package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Span;
import java.util.Locale;

/** How the page writes figures for people, and the named spans that hold them. */
final class Texts {

    private Texts() {}

    /** A count with thousands separators: {@code 1,305}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A span for one figure, styled and found (by tests, too) by {@code name}. */
    static Span field(String name) {
        Span s = new Span();
        s.addClassName(name);
        s.getElement().setAttribute("data-field", name);
        return s;
    }
}
