package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static dev.streamingetl.dashboard.DashboardTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests the time range and the pause: 71 one-minute windows; the last 15 minutes by default, 5 and
 * 60 on a click; a paused page keeps its windows while newer ones arrive (another tab shows them
 * live), its URL opens the same windows elsewhere, and "Live" catches up.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardTimeRangeBrowserITCase {

    private static final String AGG = "range_agg";
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "range_dlq");
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void rangesPauseAndTheUrlKeepsTheChoice() throws Exception {
        String[] minutes = new String[71];
        for (int m = 0; m <= 70; m++) {
            minutes[m] = window(m);
        }
        DashboardTesting.publish(kafka, AGG, minutes);
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart = DashboardTesting.openChart(driver, port, wait);
            wait.until(d -> windows(d, chart).size() == 15);
            assertThat(last(driver, chart)).isEqualTo(minute(70));
            assertThat(pressed(driver)).isEqualTo("15m");
            assertThat(text(driver, "[data-field=range-status]")).isEqualTo("live");

            click(driver, "[data-range='5m']");
            wait.until(d -> windows(d, chart).size() == 5);
            assertThat(windows(driver, chart).get(0).asLong()).isEqualTo(minute(66));
            wait.until(d -> d.getCurrentUrl().endsWith("/?range=5m"));
            awaitCard(wait, "71");

            click(driver, "[data-testid=pause]");
            wait.until(d -> d.getCurrentUrl().contains("until="));
            String paused = driver.getCurrentUrl();
            assertThat(java.net.URLDecoder.decode(paused, java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith("/?range=5m&until=" + Instant.ofEpochMilli(minute(70)));
            assertThat(text(driver, "[data-field=range-status]"))
                    .startsWith("paused at the window of 2026-11-24 11:10:00 UTC");
            assertThat(text(driver, "[data-testid=pause]")).isEqualTo("▶ Live");
            String pausedTab = driver.getWindowHandle();

            // A newer window arrives: a live tab shows it, the paused one keeps its windows.
            DashboardTesting.publish(kafka, AGG, window(71));
            driver.switchTo().newWindow(WindowType.TAB);
            WebElement liveChart = DashboardTesting.openChart(driver, port, wait);
            wait.until(d -> last(d, liveChart) == minute(71));
            driver.switchTo().window(pausedTab);
            assertThat(windows(driver, chart)).hasSize(5);
            assertThat(last(driver, chart)).isEqualTo(minute(70));
            awaitCard(wait, "71");
            screenshot(driver, "range-5m-paused.png");

            // The paused URL, opened anew, shows the same windows, paused.
            driver.get(paused);
            WebElement shared =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=event-count-chart][data-updates]")));
            wait.until(d -> windows(d, shared).size() == 5 && last(d, shared) == minute(70));
            assertThat(
                            driver.findElement(By.cssSelector("[data-testid=range-bar]"))
                                    .getAttribute("data-paused"))
                    .isEqualTo("true");

            click(driver, "[data-testid=pause]");
            wait.until(d -> last(d, shared) == minute(71));
            wait.until(d -> d.getCurrentUrl().endsWith("/?range=5m"));
            assertThat(windows(driver, shared)).hasSize(5);
            awaitCard(wait, "72");

            click(driver, "[data-range='60m']");
            wait.until(d -> windows(d, shared).size() == 60);
            assertThat(text(driver, "[data-field=range-status]")).isEqualTo("live");
            screenshot(driver, "range-60m-live.png");

            driver.get("http://localhost:" + port + "/?range=bogus&until=yesterday");
            WebElement fallback =
                    wait.until(
                            d ->
                                    d.findElement(
                                            By.cssSelector(
                                                    "[data-testid=event-count-chart][data-updates]")));
            wait.until(d -> windows(d, fallback).size() == 15);
            assertThat(pressed(driver)).as("an unknown range is the default").isEqualTo("15m");
        } finally {
            driver.quit();
        }
    }

    private static void awaitCard(WebDriverWait wait, String count) {
        DashboardTesting.awaitText(
                wait, ".card[data-series=page_view] [data-field=event_count]", count);
    }

    private static void click(WebDriver driver, String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    private static String pressed(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-range][aria-pressed=true]"))
                .getAttribute("data-range");
    }

    private static JsonNode windows(WebDriver driver, WebElement chart) {
        return chartData(driver, chart).path("windows");
    }

    private static long last(WebDriver driver, WebElement chart) {
        JsonNode w = windows(driver, chart);
        return w.isEmpty() ? -1 : w.get(w.size() - 1).asLong();
    }

    private static long minute(int m) {
        return DashboardTesting.T0.plusSeconds(m * 60L).toEpochMilli();
    }

    /** Minute {@code m}'s window of page_view, with m + 1 events. */
    private static String window(int m) {
        return DashboardTesting.aggregate(m * 60, "page_view", m + 1, 1, 1.0, 1.0);
    }
}
