package dev.streamingetl.dashboard.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A stacked bar chart (Apache ECharts) of counts per window: event counts by series (group values),
 * dead letters per minute by reason; bars on a time axis shown in the viewer's time zone, a legend
 * to hide and show series.
 */
@Tag("div")
@NpmPackage(value = "echarts", version = "6.0.0")
@JsModule("./echarts-connector.js")
public class StackedBarChart extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String unit;
    private String lastJson;

    /**
     * @param testId the element's {@code data-testid}
     * @param unit what the bars count, the value axis' name
     */
    public StackedBarChart(String testId, String unit) {
        this.unit = unit;
        getElement().setAttribute("data-testid", testId);
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
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!json.equals(lastJson)) {
            lastJson = json;
            getElement()
                    .executeJs(
                            "window.Vaadin.Flow.echartsConnector.update($0, $1)",
                            getElement(),
                            json);
        }
    }

    /** Calls {@code listener} with a series' name when someone clicks it in the chart. */
    public void addSeriesClickListener(Consumer<String> listener) {
        getElement()
                .addEventListener(
                        "series-click",
                        e -> listener.accept(e.getEventData().getString("event.detail.name")))
                .addEventData("event.detail.name");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        getElement().executeJs("window.Vaadin.Flow.echartsConnector.init($0)", getElement());
        if (lastJson != null) {
            getElement()
                    .executeJs(
                            "window.Vaadin.Flow.echartsConnector.update($0, $1)",
                            getElement(),
                            lastJson);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        getElement().executeJs("window.Vaadin.Flow.echartsConnector.destroy($0)", getElement());
    }
}
