package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static dev.streamingetl.dashboard.DashboardTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests the drill-down: a click on a card opens its series' page (count, distinct and the measure's
 * figures as lines, the latest windows as a table, both live); a click on a bar of the chart opens
 * that bar's series.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardDrillDownBrowserITCase {

    private static final String AGG = "drill_agg";
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "drill_dlq");
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aCardAndABarOpenTheirSeriesHistory() throws Exception {
        DashboardTesting.publish(
                kafka,
                AGG,
                DashboardTesting.aggregate(0, "page_view", 100, 80, 12.5, 30.0),
                DashboardTesting.aggregate(10, "page_view", 1_200, 90, 13.0, 31.0),
                DashboardTesting.aggregate(20, "page_view", 90, 70, null, null),
                DashboardTesting.aggregate(0, "click", 40, 30, 2.0, 3.0),
                DashboardTesting.aggregate(20, "click", 50, 35, 2.5, 4.0));
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart = DashboardTesting.openChart(driver, port, wait);
            wait.until(d -> chartData(d, chart).path("windows").size() == 3);
            driver.findElement(By.cssSelector("[data-testid=range-bar] [data-range='5m']")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("?range=5m"));
            driver.findElement(By.cssSelector(".card[data-series=page_view]")).click();

            wait.until(d -> d.getCurrentUrl().contains("/series?"));
            assertThat(driver.getCurrentUrl()).contains("name=page_view").contains("range=5m");
            WebElement history =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=series-history-chart][data-updates]")));
            assertThat(text(driver, "h2")).isEqualTo("page_view · last 5 min");
            wait.until(d -> line(d, history, "event_count").equals("[100,1200,90]"));
            assertThat(line(driver, history, "unique_users")).isEqualTo("[80,90,70]");
            assertThat(line(driver, history, "value_avg"))
                    .as("a window without the measure is a gap")
                    .isEqualTo("[12.5,13,null]");
            assertThat(line(driver, history, "value_p95")).isEqualTo("[30,31,null]");
            assertThat(line(driver, history, "value_count"))
                    .as("only avg and quantiles are drawn")
                    .isEqualTo("(no line value_count)");
            assertThat(DashboardTesting.gridRows(driver, "latest-windows"))
                    .as("newest first")
                    .startsWith(
                            "2026-11-24 10:00:20 | 90 | 70 | 0 | – | –",
                            "2026-11-24 10:00:10 | 1,200 | 90 | 1,200 | 13.00 | 31.00");

            // Live: a new window of the series shows in the lines and the table.
            DashboardTesting.publish(
                    kafka, AGG, DashboardTesting.aggregate(30, "page_view", 7, 7, 1.0, 2.0));
            wait.until(d -> line(d, history, "event_count").equals("[100,1200,90,7]"));
            wait.until(
                    d ->
                            DashboardTesting.gridRows(d, "latest-windows")
                                    .get(0)
                                    .startsWith("2026-11-24 10:00:30 | 7 | 7"));
            screenshot(driver, "drill-down.png");

            driver.findElement(By.cssSelector("[data-testid=back]")).click();
            WebElement main =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=event-count-chart][data-updates]")));
            wait.until(d -> d.getCurrentUrl().endsWith("?range=5m"));
            wait.until(d -> chartData(d, main).path("windows").size() == 4);

            clickBar(driver, main, "click", 20);
            wait.until(d -> d.getCurrentUrl().contains("name=click"));
            WebElement clicked =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=series-history-chart][data-updates]")));
            wait.until(d -> line(d, clicked, "event_count").equals("[40,50]"));
        } finally {
            driver.quit();
        }
    }

    @Test
    void seriesHiddenInTheLegendAreKeptInTheUrl() throws Exception {
        DashboardTesting.publish(
                kafka,
                AGG,
                DashboardTesting.aggregate(0, "page_view", 100, 80, 12.5, 30.0),
                DashboardTesting.aggregate(0, "click", 40, 30, 2.0, 3.0));
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart =
                    DashboardTesting.openChart(driver, port, wait, "?range=15m&hide=click");
            wait.until(d -> chartData(d, chart).path("series").size() == 2);
            wait.until(d -> selected(d, chart, "click").equals("false"));
            assertThat(selected(driver, chart, "page_view")).isNotEqualTo("false");

            toggle(driver, chart, "page_view");
            // Vaadin writes the parameters in alphabetical order.
            wait.until(d -> d.getCurrentUrl().endsWith("?hide=click&hide=page_view&range=15m"));
            toggle(driver, chart, "click");
            wait.until(d -> d.getCurrentUrl().endsWith("?hide=page_view&range=15m"));

            String url = driver.getCurrentUrl();
            driver.get(url);
            WebElement again =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=event-count-chart][data-updates]")));
            wait.until(d -> selected(d, again, "page_view").equals("false"));
            assertThat(selected(driver, again, "click")).isNotEqualTo("false");
        } finally {
            driver.quit();
        }
    }

    /** Whether the legend shows {@code series} ("false" when hidden). */
    private static String selected(WebDriver driver, WebElement chart, String series) {
        return String.valueOf(
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const l = arguments[0].$chart.getOption().legend[0];"
                                        + " return l.selected ? l.selected[arguments[1]] : undefined;",
                                chart,
                                series));
    }

    /** Hides or shows a series as a click on its legend entry does. */
    private static void toggle(WebDriver driver, WebElement chart, String series) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].$chart.dispatchAction({type: 'legendToggleSelect', name: arguments[1]})",
                        chart,
                        series);
    }

    /** Clicks the middle of {@code series}' bar in the window {@code startSeconds} after T0. */
    private static void clickBar(WebDriver driver, WebElement chart, String series, int start) {
        long window = DashboardTesting.T0.plusSeconds(start).toEpochMilli();
        @SuppressWarnings("unchecked")
        List<Number> xy =
                (List<Number>)
                        ((JavascriptExecutor) driver)
                                .executeScript(
                                        "const c = arguments[0].$chart;"
                                                + " const all = c.getOption().series;"
                                                + " const s = all.findIndex(x => x.name === arguments[1]);"
                                                + " const at = (i) => (all[i].data.find(p => p[0] === arguments[2]) || [0, 0])[1];"
                                                + " let below = 0; for (let i = 0; i < s; i++) below += at(i);"
                                                + " return c.convertToPixel({seriesIndex: s}, [arguments[2], below + at(s) / 2]);",
                                        chart,
                                        series,
                                        window);
        // Stacked: the series' bar sits on those drawn before it.
        Actions actions = new Actions(driver);
        actions.moveToElement(
                        chart,
                        (int)
                                Math.round(
                                        xy.get(0).doubleValue() - chart.getSize().getWidth() / 2.0),
                        (int)
                                Math.round(
                                        xy.get(1).doubleValue()
                                                - chart.getSize().getHeight() / 2.0))
                .click()
                .perform();
    }

    private static String line(WebDriver driver, WebElement chart, String name) {
        for (JsonNode l : chartData(driver, chart).path("lines")) {
            if (l.path("name").asText().equals(name)) {
                return l.path("values").toString();
            }
        }
        return "(no line " + name + ")";
    }
}
