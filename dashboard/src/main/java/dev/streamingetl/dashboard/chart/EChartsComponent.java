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

/**
 * An Apache ECharts instance in the page, drawn by one function of {@code echarts-connector.js}
 * from a data set sent as JSON; the same data is not sent twice, and a page that comes back (a
 * reattach) gets the last one again.
 */
@Tag("div")
@NpmPackage(value = "echarts", version = "6.0.0")
@JsModule("./echarts-connector.js")
public abstract class EChartsComponent extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String draw;
    private String lastJson;

    /**
     * @param testId the element's {@code data-testid}
     * @param draw the connector's function that draws the data ({@code update}, {@code lines})
     */
    EChartsComponent(String testId, String draw) {
        this.draw = draw;
        getElement().setAttribute("data-testid", testId);
    }

    /** Draws {@code data} (serialized to JSON) unless it is what the chart shows already. */
    protected final void show(Object data) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!json.equals(lastJson)) {
            lastJson = json;
            send();
        }
    }

    private void send() {
        getElement()
                .executeJs(
                        "window.Vaadin.Flow.echartsConnector." + draw + "($0, $1)",
                        getElement(),
                        lastJson);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        getElement().executeJs("window.Vaadin.Flow.echartsConnector.init($0)", getElement());
        if (lastJson != null) {
            send();
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        getElement().executeJs("window.Vaadin.Flow.echartsConnector.destroy($0)", getElement());
    }
}
