package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.awaitText;
import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static dev.streamingetl.dashboard.DashboardTesting.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests the dashboard on the aggregates of a two-dimension spec, {@code pipelines/sensors.yaml}, in
 * the job's JSON for it (columns in the spec's order): series named by both group values, cards
 * with the count, the first distinct column and the first measure's aggregates.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardSpecBrowserITCase {

    private static final String AGG = "sensors_agg";
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "sensors_dlq");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void seriesAreNamedByBothGroupValuesAndCardsShowTheSpecsColumns() throws Exception {
        DashboardTesting.publish(
                kafka,
                AGG,
                reading(0, "site-1", "temperature", 40, 12, 21.5),
                reading(0, "site-1", "humidity", 25, 9, 60.25),
                reading(0, "site-2", "temperature", 5, 2, 19.0),
                reading(30, "site-1", "temperature", 44, 13, 22.0),
                reading(30, "site-2", "temperature", 1_234, 3, null));
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart = DashboardTesting.openChart(driver, port, wait);
            wait.until(d -> chartData(d, chart).path("windows").size() == 2);
            assertThat(series(chartData(driver, chart), "site-1 / temperature"))
                    .isEqualTo("[40,44]");
            assertThat(series(chartData(driver, chart), "site-2 / temperature"))
                    .isEqualTo("[5,1234]");
            assertThat(series(chartData(driver, chart), "site-1 / humidity")).isEqualTo("[25,0]");

            String card = ".card[data-series='site-1 / temperature'] ";
            awaitText(wait, card + "[data-field=series]", "site-1 / temperature");
            awaitText(wait, card + "[data-field=event_count]", "44");
            awaitText(wait, card + "[data-field=sensors]", "13");
            awaitText(wait, card + "[data-field=level_count]", "44");
            awaitText(wait, card + "[data-field=level_avg]", "22.00");
            assertThat(driver.findElements(By.cssSelector(card + "[data-field=battery_min]")))
                    .as("only the first measure's aggregates")
                    .isEmpty();
            String other = ".card[data-series='site-2 / temperature'] ";
            awaitText(wait, other + "[data-field=event_count]", "1,234");
            awaitText(wait, other + "[data-field=level_avg]", "–");
            screenshot(driver, "dashboard-two-dimensions.png");
        } finally {
            driver.quit();
        }
    }

    /** An aggregate as the job writes it for pipelines/sensors.yaml. */
    private static String reading(
            int startSeconds, String site, String kind, long count, long sensors, Double level) {
        Instant start = DashboardTesting.T0.plusSeconds(startSeconds);
        return "{\"window_start\":\""
                + start
                + "\",\"window_end\":\""
                + start.plusSeconds(30)
                + "\",\"site\":\""
                + site
                + "\",\"kind\":\""
                + kind
                + "\",\"event_count\":"
                + count
                + ",\"sensors\":"
                + sensors
                + ",\"level_count\":"
                + (level == null ? 0 : count)
                + ",\"level_sum\":"
                + (level == null ? null : level * count)
                + ",\"level_min\":"
                + level
                + ",\"level_max\":"
                + level
                + ",\"level_avg\":"
                + level
                + ",\"battery_min\":null,\"battery_p50\":null,\"emitted_at\":\""
                + start.plusSeconds(31)
                + "\"}";
    }
}
