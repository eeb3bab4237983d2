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

/**
 * A stacked bar chart of event counts per window (Apache ECharts): one series per group (its
 * values), windows on a time axis shown in the viewer's time zone, a legend to hide and show types.
 */
@Tag("div")
@NpmPackage(value = "echarts", version = "6.0.0")
@JsModule("./echarts-connector.js")
public class EventCountChart extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();
    private String lastJson;

    public EventCountChart() {
        getElement().setAttribute("data-testid", "event-count-chart");
    }

    /** Shows these windows (ascending) with one count per window in each series. */
    public void setWindows(List<Instant> windowStarts, Map<String, long[]> countsByType) {
        Map<String, Object> data = new LinkedHashMap<>();
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
