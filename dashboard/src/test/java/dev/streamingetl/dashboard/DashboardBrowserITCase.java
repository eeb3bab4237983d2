package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.awaitText;
import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static dev.streamingetl.dashboard.DashboardTesting.series;
import static dev.streamingetl.dashboard.DashboardTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
 * Tests the dashboard as a person sees it: the app on a random port against the real broker,
 * headless Chromium; aggregates published to the topic show up in the chart and the cards, live,
 * and a broker outage shows in the health strip and heals by itself.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserITCase {

    private static final Instant T0 = DashboardTesting.T0;
    private static final String AGG = "dash_agg";
    private static final String DLQ = "dash_dlq";

    private static Path kafkaDir;
    private static int kafkaPort;
    private static int controllerPort;
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafkaDir = Files.createTempDirectory("dashboard-kafka-");
        kafkaPort = Ports.freePort();
        controllerPort = Ports.freePort();
        kafka = LocalKafka.start(kafkaDir, kafkaPort, controllerPort);
        kafka.createTopics(Map.of(AGG, 2, DLQ, 1));
        registry.add("kafka.bootstrap", kafka::bootstrapServers);
        registry.add("kafka.analytics-topic", () -> AGG);
        registry.add("kafka.dlq-topic", () -> DLQ);
        // The default history (30 min) must show windows of days ago: records carry the time they
        // were written, as the job's do, not their window's.
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void showsPublishedAggregatesLiveAndSurvivesABrokerOutage() throws Exception {
        DashboardTesting.publish(
                kafka,
                AGG,
                DashboardTesting.aggregate(0, "page_view", 100, 80, 12.5, 30.0),
                DashboardTesting.aggregate(0, "click", 40, 30, null, null),
                DashboardTesting.aggregate(10, "page_view", 120, 90, 13.0, 31.0),
                DashboardTesting.aggregate(10, "click", 50, 35, null, null));
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart = DashboardTesting.openChart(driver, port, wait);

            wait.until(d -> chartData(d, chart).path("windows").size() == 2);
            JsonNode data = chartData(driver, chart);
            assertThat(data.path("windows").get(0).asLong()).isEqualTo(T0.toEpochMilli());
            assertThat(series(data, "page_view")).isEqualTo("[100,120]");
            assertThat(series(data, "click")).isEqualTo("[40,50]");
            awaitText(wait, ".card[data-series=page_view] [data-field=event_count]", "120");
            awaitText(wait, ".card[data-series=page_view] [data-field=unique_users]", "90");
            awaitText(wait, ".card[data-series=page_view] [data-field=value_avg]", "13.00");
            awaitText(wait, ".card[data-series=page_view] [data-field=value_p95]", "31.00");
            awaitText(
                    wait,
                    ".card[data-series=page_view] [data-field=change]",
                    "▲ +20% vs previous window");
            awaitText(wait, ".card[data-series=click] [data-field=value_avg]", "–");

            // A newer window and a replayed, corrected one appear without a reload.
            long sent = System.nanoTime();
            DashboardTesting.publish(
                    kafka,
                    AGG,
                    DashboardTesting.aggregate(20, "page_view", 7, 7, 1.0, 1.0),
                    DashboardTesting.aggregate(10, "page_view", 125, 91, 13.0, 31.0));
            wait.until(d -> series(chartData(d, chart), "page_view").equals("[100,125,7]"));
            System.out.printf(
                    "dashboard: record on the topic to chart updated in %d ms%n",
                    (System.nanoTime() - sent) / 1_000_000);

            DashboardTesting.publish(kafka, AGG, "not json");
            DashboardTesting.publish(
                    kafka,
                    DLQ,
                    "{\"reason\":\"missing_field\",\"detail\":\"missing required field ts\",\"raw\":\"{\\\"event_id\\\":\\\"e9\\\"}\"}");
            wait.until(
                    d ->
                            text(d, "[data-field=skipped]")
                                    .startsWith("1 unreadable aggregates skipped"));
            wait.until(d -> text(d, "[data-testid=rejects]").contains("missing required field ts"));
            wait.until(
                    d ->
                            text(d, "[data-field=dead-letters]")
                                    .contains("dead letters 1/min: missing field 1"));
            WebElement deadLetters =
                    driver.findElement(By.cssSelector("[data-testid=dead-letter-chart]"));
            wait.until(d -> series(chartData(d, deadLetters), "missing field").equals("[1]"));
            assertThat(chartData(driver, deadLetters).path("unit").asText())
                    .isEqualTo("dead letters");
            awaitText(wait, "[data-field=connection]", "● connected");
            // Without flink.rest-url the Flink panel tells how to set it, and nothing else.
            assertThat(text(driver, "[data-testid=flink]"))
                    .startsWith("Flink: not watched. Set flink.rest-url to the JobManager's REST")
                    .doesNotContain("RUNNING");
            screenshot(driver, "dashboard.png");

            kafka.close();
            wait.until(d -> text(d, "[data-field=connection]").startsWith("● disconnected since"));
            screenshot(driver, "dashboard-disconnected.png");

            kafka = LocalKafka.start(kafkaDir, kafkaPort, controllerPort);
            wait.until(d -> text(d, "[data-field=connection]").equals("● connected"));
            DashboardTesting.publish(
                    kafka, AGG, DashboardTesting.aggregate(30, "click", 9, 9, null, null));
            wait.until(d -> chartData(d, chart).path("windows").size() == 4);
        } finally {
            driver.quit();
        }
    }
}
