package dev.streamingetl.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fifty open pages on one app: each gets a new window pushed to it by the one consumer, and the
 * figures people ask about are printed (the time from the record on the topic to each page drawing
 * it, the app's resident memory before and after the pages opened).
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardManyPagesITCase {

    private static final int PAGES = 50;
    private static final String AGG = "pages_agg";
    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "pages_dlq");
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void fiftyPagesAllGetEveryPush() throws Exception {
        DashboardTesting.publish(
                kafka, AGG, DashboardTesting.aggregate(0, "page_view", 10, 5, 1.0, 2.0));
        long rssBefore = rssKb();
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            List<String> tabs = new ArrayList<>();
            for (int i = 0; i < PAGES; i++) {
                if (i > 0) {
                    driver.switchTo().newWindow(WindowType.TAB);
                }
                var chart = DashboardTesting.openChart(driver, port, wait);
                wait.until(d -> DashboardTesting.chartData(d, chart).path("windows").size() == 1);
                // Note when this page draws the next window, by the machine's clock.
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const el = arguments[0];"
                                        + " new MutationObserver(() => {"
                                        + "   if (!window.$drawnAt && el.$data && el.$data.windows.length === 2)"
                                        + "     window.$drawnAt = performance.timeOrigin + performance.now();"
                                        + " }).observe(el, {attributes: true, attributeFilter: ['data-updates']});",
                                chart);
                tabs.add(driver.getWindowHandle());
            }
            long rssAfter = rssKb();

            long sent = System.currentTimeMillis();
            DashboardTesting.publish(
                    kafka, AGG, DashboardTesting.aggregate(10, "page_view", 12, 6, 1.0, 2.0));
            double[] latencies = new double[PAGES];
            for (int i = 0; i < PAGES; i++) {
                driver.switchTo().window(tabs.get(i));
                Object at =
                        wait.until(
                                d ->
                                        ((JavascriptExecutor) d)
                                                .executeScript("return window.$drawnAt || null"));
                latencies[i] = ((Number) at).doubleValue() - sent;
            }
            Arrays.sort(latencies);
            System.out.printf(
                    Locale.ROOT,
                    "dashboard with %d pages: record on the topic to page drawn p50 %.0f ms,"
                            + " max %.0f ms; app RSS %,d MB before the pages, %,d MB with them%n",
                    PAGES,
                    latencies[PAGES / 2],
                    latencies[PAGES - 1],
                    rssBefore / 1024,
                    rssAfter / 1024);
            assertThat(latencies[0]).as("drawn after it was sent").isPositive();
        } finally {
            driver.quit();
        }
    }

    /** This JVM's resident memory (the app runs in it). */
    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
