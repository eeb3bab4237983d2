package dev.streamingetl.dashboard.chart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A stacked bar chart (Apache ECharts) of counts per window: event counts by series (group values),
 * dead letters per minute by reason; bars on a time axis shown in the viewer's time zone, a legend
 * to hide and show series.
 */
public class StackedBarChart extends EChartsComponent {

    private final String unit;
    private Set<String> hidden = Set.of();

    /**
     * @param testId the element's {@code data-testid}
     * @param unit what the bars count, the value axis' name
     */
    public StackedBarChart(String testId, String unit) {
        super(testId, "update");
        this.unit = unit;
    }

    /**
     * Shows these windows (ascending) with one count per window in each series, on a time axis from
     * {@code from} to {@code to} (null: as the data reaches).
     */
    public void setWindows(
            List<Instant> windowStarts,
            Map<String, long[]> countsByType,
            Instant from,
            Instant to) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("unit", unit);
        data.put("min", from == null ? null : from.toEpochMilli());
        data.put("max", to == null ? null : to.toEpochMilli());
        data.put("windows", windowStarts.stream().map(Instant::toEpochMilli).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        countsByType.forEach((name, counts) -> series.add(Map.of("name", name, "counts", counts)));
        data.put("series", series);
        data.put("hidden", hidden);
        show(data);
    }

    /** Series drawn hidden (their legend entry greyed) until someone shows them. */
    public void setHidden(Set<String> names) {
        hidden = new TreeSet<>(names);
    }

    /** Calls {@code listener} with the series hidden whenever someone hides or shows one. */
    public void addLegendListener(Consumer<Set<String>> listener) {
        getElement()
                .addEventListener(
                        "legend-change",
                        e -> {
                            String names = e.getEventData().getString("event.detail.hidden");
                            Set<String> now = new TreeSet<>();
                            for (String name : names.split("\n")) {
                                if (!name.isEmpty()) {
                                    now.add(name);
                                }
                            }
                            hidden = now;
                            listener.accept(Set.copyOf(now));
                        })
                .addEventData("event.detail.hidden");
    }

    /** Calls {@code listener} with a series' name when someone clicks it in the chart. */
    public void addSeriesClickListener(Consumer<String> listener) {
        getElement()
                .addEventListener(
                        "series-click",
                        e -> listener.accept(e.getEventData().getString("event.detail.name")))
                .addEventData("event.detail.name");
    }
}
