package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.model.PipelineHealth;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Connection state, consumer lag, age of the newest aggregate, skipped records and dead letters per
 * minute.
 */
class HealthStrip extends Div {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Span connection = Texts.field("connection");
    private final Span freshness = Texts.field("freshness");
    private final Span lag = Texts.field("lag");
    private final Span skipped = Texts.field("skipped");
    private final Span deadLetters = Texts.field("dead-letters");

    HealthStrip() {
        addClassName("health");
        getElement().setAttribute("data-testid", "health");
        add(connection, freshness, lag, deadLetters, skipped);
    }

    void show(PipelineHealth.Snapshot h) {
        connection.setText(
                h.connected()
                        ? "● connected"
                        : "● disconnected since "
                                + TIME.format(h.connectionChangedAt())
                                + ", reconnecting");
        connection
                .getElement()
                .setAttribute("data-state", h.connected() ? "connected" : "disconnected");
        freshness.setText(
                h.newestAggregateAge() == null
                        ? "no aggregate yet"
                        : "newest aggregate " + age(h.newestAggregateAge()) + " ago");
        lag.setText("lag " + Texts.count(h.lag()) + " records");
        deadLetters.setText(deadLetters(h.rejectsLastMinute()));
        skipped.setText(
                h.skipped() == 0
                        ? ""
                        : h.skipped()
                                + " unreadable aggregates skipped ("
                                + h.lastSkipReason()
                                + ")");
    }

    /**
     * E.g. {@code dead letters 1,305/min: invalid field 1,088 · empty record 217}, busiest first.
     */
    static String deadLetters(Map<String, Long> byReason) {
        long perMinute = byReason.values().stream().mapToLong(Long::longValue).sum();
        String reasons =
                byReason.entrySet().stream()
                        .sorted(
                                Map.Entry.<String, Long>comparingByValue()
                                        .reversed()
                                        .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getKey().replace('_', ' ') + " " + Texts.count(e.getValue()))
                        .collect(Collectors.joining(" · "));
        return "dead letters "
                + Texts.count(perMinute)
                + "/min"
                + (reasons.isEmpty() ? "" : ": " + reasons);
    }

    private static String age(Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }
}
