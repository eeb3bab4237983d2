package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests the chart's layout as a person keeps the page open: with 24 series pushed window after
 * window for half a minute, it keeps a readable height at every window size and resizes with the
 * page; its x axis is time, so a gap between windows shows as a gap.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardLayoutBrowserITCase {

    private static final String AGG = "layout_agg";
    private static final int SERIES = 24;
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "layout_dlq");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void theChartKeepsAReadableHeightWithManySeriesAtEverySizeOnATimeAxis() throws Exception {
        WebDriver driver = DashboardTesting.browser();
        try {
            driver.manage().window().setSize(new Dimension(1600, 1200));
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            // The last 60 minutes: the windows and the gap after them span 19.
            WebElement chart = DashboardTesting.openChart(driver, port, wait, "?range=60m");

            // Window after window, each once the page shows the one before: ~30 s of pushes.
            long started = System.nanoTime();
            int windows = 0;
            while (System.nanoTime() - started < 30_000_000_000L && windows < 55) {
                DashboardTesting.publish(kafka, AGG, window(windows * 10).toArray(String[]::new));
                DashboardTesting.publish(kafka, "layout_dlq", deadLetters(windows));
                int shown = ++windows;
                wait.until(d -> chartData(d, chart).path("windows").size() == shown);
            }
            assertThat(windows).isGreaterThan(10);
            assertThat(chartData(driver, chart).path("series").size()).isGreaterThan(10);
            assertReadable(driver, chart, 1200);
            screenshot(driver, "layout-1600x1200.png");

            driver.manage().window().setSize(new Dimension(1920, 1080));
            assertReadable(driver, chart, 1080);
            screenshot(driver, "layout-1920x1080.png");
            driver.manage().window().setSize(new Dimension(1000, 700));
            assertReadable(driver, chart, 700);
            screenshot(driver, "layout-1000x700.png");
            driver.manage().window().setSize(new Dimension(2560, 1440));
            assertReadable(driver, chart, 1440);

            // A window ten minutes after the last stands apart from it, not next to it.
            int last = (windows - 1) * 10;
            DashboardTesting.publish(kafka, AGG, window(last + 600).toArray(String[]::new));
            int shown = windows + 1;
            wait.until(d -> chartData(d, chart).path("windows").size() == shown);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            assertThat(
                            js.executeScript(
                                    "return arguments[0].$chart.getOption().xAxis[0].type", chart))
                    .isEqualTo("time");
            long t = DashboardTesting.T0.toEpochMilli();
            double step =
                    pixel(js, chart, t + last * 1000L) - pixel(js, chart, t + (last - 10) * 1000L);
            double gap =
                    pixel(js, chart, t + (last + 600) * 1000L) - pixel(js, chart, t + last * 1000L);
            assertThat(gap).as("pixels for 10 min against 10 s").isGreaterThan(30 * step);
            screenshot(driver, "layout-gap.png");

            // Dead letters per minute by reason, labelled as people read them.
            WebElement deadLetters =
                    driver.findElement(By.cssSelector("[data-testid=dead-letter-chart]"));
            js.executeScript("arguments[0].scrollIntoView()", deadLetters);
            wait.until(d -> chartData(d, deadLetters).path("series").size() == 4);
            assertThat(chartData(driver, deadLetters).path("series").findValuesAsText("name"))
                    .containsExactly(
                            "empty record", "invalid field", "malformed json", "missing field");
            screenshot(driver, "dead-letters.png");

            // The busiest 8 series as cards, the other 16 as rows of a table; a row opens its
            // series.
            assertThat(driver.findElements(By.cssSelector(".card"))).hasSize(8);
            List<String> rows = DashboardTesting.gridRows(driver, "series-table");
            assertThat(rows).hasSize(16);
            assertThat(rows.get(0)).startsWith("type_8 | ");
            assertThat(rows.get(15)).startsWith("type_23 | ");
            WebElement table = driver.findElement(By.cssSelector("[data-testid=series-table]"));
            js.executeScript("arguments[0].scrollIntoView()", table);
            screenshot(driver, "series-table.png");
            driver
                    .findElements(
                            By.cssSelector("[data-testid=series-table] vaadin-grid-cell-content"))
                    .stream()
                    .filter(c -> c.getText().strip().equals("type_23"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            wait.until(
                    d ->
                            d.getCurrentUrl().contains("/series?")
                                    && d.getCurrentUrl().contains("name=type_23"));
        } finally {
            driver.quit();
        }
    }

    /** The chart's element and its drawing both at least 300 px high, and within the window. */
    private static void assertReadable(WebDriver driver, WebElement chart, int windowHeight) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        // The drawing follows the element on the next frame: wait until they agree.
        wait.until(d -> Math.abs(canvasHeight(d, chart) - chart.getRect().getHeight()) <= 2);
        int height = chart.getRect().getHeight();
        assertThat(height)
                .as("chart height at a window %d px high", windowHeight)
                .isBetween(300, windowHeight);
    }

    private static long canvasHeight(WebDriver driver, WebElement chart) {
        Object h =
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const c = arguments[0].querySelector('canvas');"
                                        + " return c ? Math.round(c.getBoundingClientRect().height) : -1",
                                chart);
        return ((Number) h).longValue();
    }

    private static double pixel(JavascriptExecutor js, WebElement chart, long time) {
        Object x =
                js.executeScript(
                        "return arguments[0].$chart.convertToPixel({xAxisIndex: 0}, arguments[1])",
                        chart,
                        time);
        return ((Number) x).doubleValue();
    }

    /** Dead letters as a live run has them, of several reasons. */
    private static String[] deadLetters(int n) {
        String[] reasons = {"invalid_field", "missing_field", "malformed_json", "empty_record"};
        String[] letters = new String[8];
        for (int i = 0; i < letters.length; i++) {
            letters[i] =
                    "{\"reason\":\""
                            + reasons[i % reasons.length]
                            + "\",\"detail\":\"record "
                            + n
                            + "-"
                            + i
                            + " is bad\",\"raw\":\"{\\\"event_id\\\":\\\"e"
                            + n
                            + "\\\"}\"}";
        }
        return letters;
    }

    /** One window's aggregates: SERIES event types with skewed counts. */
    private static List<String> window(int startSeconds) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            records.add(
                    DashboardTesting.aggregate(
                            startSeconds, "type_" + i, 1000 / (i + 1) + 1, 10, 2.0, 3.0));
        }
        return records;
    }
}
