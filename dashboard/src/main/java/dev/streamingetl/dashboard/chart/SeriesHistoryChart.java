package dev.streamingetl.dashboard.chart;

import dev.streamingetl.dashboard.model.Aggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One series' window history as lines (Apache ECharts) on a time axis: the event count and the
 * first distinct column on the left axis, the first measure's avg and quantiles on the right; a
 * window without a figure is a gap in its line.
 */
public class SeriesHistoryChart extends EChartsComponent {

    /** The measure's aggregates drawn, when the spec asks for them. */
    private static final Set<String> DRAWN = Set.of("avg", "p50", "p95", "p99");

    public SeriesHistoryChart() {
        super("series-history-chart", "lines");
    }

    /** Shows these windows of one series, oldest first. */
    public void setHistory(List<Aggregate> history) {
        List<Long> windows = new ArrayList<>();
        Map<String, List<Double>> left = new LinkedHashMap<>();
        Map<String, List<Double>> right = new LinkedHashMap<>();
        for (Aggregate a : history) {
            int i = windows.size();
            windows.add(a.windowStart().toEpochMilli());
            put(left, "event_count", i, (double) a.eventCount());
            if (a.distinct() != null) {
                put(left, a.distinct().name(), i, a.distinct().value());
            }
            for (Aggregate.Figure f : a.measureFigures()) {
                if (DRAWN.contains(f.name())) {
                    put(right, a.measure() + "_" + f.name(), i, f.value());
                }
            }
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        left.forEach((name, values) -> lines.add(line(name, 0, values, windows.size())));
        right.forEach((name, values) -> lines.add(line(name, 1, values, windows.size())));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("windows", windows);
        data.put("lines", lines);
        show(data);
    }

    private static void put(Map<String, List<Double>> lines, String name, int i, Double value) {
        List<Double> values = lines.computeIfAbsent(name, n -> new ArrayList<>());
        while (values.size() < i) {
            values.add(null); // a window whose record had no such column
        }
        values.add(value);
    }

    private static Map<String, Object> line(String name, int axis, List<Double> values, int size) {
        List<Double> padded = new ArrayList<>(values);
        while (padded.size() < size) {
            padded.add(null);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("axis", axis);
        line.put("values", padded);
        return line;
    }
}
