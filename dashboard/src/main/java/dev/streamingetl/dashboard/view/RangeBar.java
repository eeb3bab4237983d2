package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.model.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The time range (last 5 / 15 / 60 minutes) and live or paused, as buttons; what it shows is the
 * view's to decide, this only tells it what was chosen.
 */
class RangeBar extends Div {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Map<TimeRange, Button> ranges = new EnumMap<>(TimeRange.class);
    private final Button pause = new Button();
    private final Span status = new Span();
    private final Duration history;

    RangeBar(Duration history, Consumer<TimeRange> onRange, Runnable onPauseOrLive) {
        this.history = history;
        addClassName("range-bar");
        getElement().setAttribute("data-testid", "range-bar");
        for (TimeRange range : TimeRange.values()) {
            Button b = new Button("last " + range.label(), e -> onRange.accept(range));
            b.getElement().setAttribute("data-range", range.param());
            b.addThemeVariants(ButtonVariant.LUMO_SMALL);
            ranges.put(range, b);
            add(b);
        }
        pause.getElement().setAttribute("data-testid", "pause");
        pause.addThemeVariants(ButtonVariant.LUMO_SMALL);
        pause.addClickListener(e -> onPauseOrLive.run());
        status.getElement().setAttribute("data-field", "range-status");
        add(pause, status);
    }

    /** Shows the choice: {@code until} null is live, else the newest window shown while paused. */
    void show(TimeRange range, Instant until) {
        ranges.forEach(
                (r, b) -> {
                    b.getElement().setAttribute("aria-pressed", Boolean.toString(r == range));
                    if (r == range) {
                        b.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                    } else {
                        b.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
                    }
                });
        pause.setText(until == null ? "❚❚ Pause" : "▶ Live");
        getElement().setAttribute("data-paused", Boolean.toString(until != null));
        String text =
                until == null
                        ? "live"
                        : "paused at the window of " + TIME.format(until) + "; newer ones wait";
        if (range.length().compareTo(history) > 0) {
            text += " · the dashboard read the last " + FlinkPanel.duration(history) + " on start";
        }
        status.setText(text);
    }
}
