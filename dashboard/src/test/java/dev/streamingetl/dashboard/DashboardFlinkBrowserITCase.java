package dev.streamingetl.dashboard;

import static dev.streamingetl.dashboard.DashboardTesting.chartData;
import static dev.streamingetl.dashboard.DashboardTesting.screenshot;
import static dev.streamingetl.dashboard.DashboardTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Tests the Flink panel against the real job ({@code StreamingEtlJob --local}, its MiniCluster and
 * REST API in a process of its own, as {@code bin/run-local} starts it): unreachable before the job
 * is up while the rest of the page stays live; the job's name, state and link once it runs; the
 * last checkpoint's age and count moving on; unreachable again after the job is killed.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardFlinkBrowserITCase {

    private static final String AGG = "flink_agg";
    private static final String DLQ = "flink_dlq";
    private static final String EVENTS = "flink_events";
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static LocalKafka kafka;
    private static int webUiPort;
    private static Process job;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void kafkaAndFlink(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, DLQ);
        kafka.createTopics(Map.of(EVENTS, 1));
        webUiPort = Ports.freePort();
        registry.add("flink.rest-url", () -> "http://localhost:" + webUiPort);
        registry.add("flink.poll-interval", () -> "500ms");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (job != null) {
            job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void showsTheRunningJobAndWhenItsRestApiIsGone() throws Exception {
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = DashboardTesting.patientWait(driver);
            WebElement chart = DashboardTesting.openChart(driver, port, wait);
            wait.until(d -> problem(d).contains("is unreachable (connection refused); retrying"));
            assertThat(problem(driver)).contains("http://localhost:" + webUiPort);
            assertThat(panel(driver).getAttribute("data-state")).isEqualTo("unknown");
            assertPageStaysLive(driver, wait, chart, 0);
            screenshot(driver, "flink-unreachable-before-start.png");

            job = startJob();
            WebDriverWait jobStart = new WebDriverWait(driver, java.time.Duration.ofSeconds(120));
            jobStart.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            try {
                jobStart.until(d -> "RUNNING".equals(panel(d).getAttribute("data-state")));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError(
                        "the panel should show the job RUNNING; it shows '"
                                + text(driver, "[data-testid=flink]")
                                + "'; the job's log ends: "
                                + tail(jobLog()),
                        e);
            }
            WebElement link = driver.findElement(By.cssSelector("[data-field=flink-job]"));
            assertThat(link.getText()).isNotBlank();
            assertThat(link.getAttribute("href"))
                    .startsWith("http://localhost:" + webUiPort + "/#/job/running/")
                    .endsWith("/overview");
            assertThat(text(driver, "[data-field=flink-state]")).startsWith("● RUNNING for ");
            assertThat(text(driver, "[data-field=flink-restarts]")).isEqualTo("no restarts");

            // Checkpoints every second: the newest one's age stays small and the count grows.
            wait.until(d -> text(d, "[data-field=flink-checkpoint]").startsWith("last checkpoint"));
            WebElement checkpoints =
                    driver.findElement(By.cssSelector("[data-field=flink-checkpoint]"));
            long first = completed(checkpoints.getText());
            // Failed: those triggered while its tasks were still deploying; no more once running.
            String failed = checkpoints.getAttribute("data-failed");
            wait.until(d -> completed(text(d, "[data-field=flink-checkpoint]")) >= first + 2);
            String checkpoint = text(driver, "[data-field=flink-checkpoint]");
            assertThat(checkpoint).matches("last checkpoint \\d+ s ago, took [\\d,]+ ms · .*");
            assertThat(checkpoint).endsWith("completed, " + failed + " failed");
            wait.until(d -> text(d, "[data-field=flink-records]").endsWith("records/s in"));
            wait.until(d -> text(d, "[data-field=flink-backpressure]").startsWith("busiest: "));
            assertThat(problem(driver)).isEmpty();
            screenshot(driver, "flink-running.png");

            job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            wait.until(d -> problem(d).contains("is unreachable"));
            assertThat(panel(driver).getAttribute("data-state")).isEqualTo("unknown");
            assertThat(driver.findElement(By.cssSelector("[data-field=flink-state]")).isDisplayed())
                    .as("no stale figures beside the problem")
                    .isFalse();
            assertPageStaysLive(driver, wait, chart, 60);
            screenshot(driver, "flink-unreachable-after-kill.png");
        } finally {
            driver.quit();
        }
    }

    /** A window published now shows in the chart, whatever the Flink panel says. */
    private static void assertPageStaysLive(
            WebDriver driver, WebDriverWait wait, WebElement chart, int startSeconds) {
        int windows = chartData(driver, chart).path("windows").size();
        DashboardTesting.publish(
                kafka, AGG, DashboardTesting.aggregate(startSeconds, "page_view", 7, 3, 1.5, 2.0));
        wait.until(d -> chartData(d, chart).path("windows").size() == windows + 1);
    }

    private static Process startJob() throws IOException {
        Path jar = REPO.resolve("job/target/streaming-etl-job.jar");
        Path classpath = REPO.resolve("job/target/local.classpath");
        if (!Files.exists(jar) || !Files.exists(classpath)) {
            throw new IllegalStateException(
                    "build the job first (./mvnw -pl job package): " + jar + " is missing");
        }
        Path dir = Files.createTempDirectory("dashboard-flink-job-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx512m",
                        "-Dlog4j.configurationFile="
                                + REPO.resolve("flink-conf/log4j-local.properties"),
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        jar + ":" + Files.readString(classpath).strip(),
                        "dev.streamingetl.job.StreamingEtlJob",
                        "--local",
                        "--web-ui-port",
                        Integer.toString(webUiPort),
                        "--kafka-bootstrap",
                        kafka.bootstrapServers(),
                        "--kafka-topic",
                        EVENTS,
                        "--dlq-topic",
                        DLQ,
                        "--analytics-kafka-topic",
                        AGG,
                        "--group-id",
                        "dashboard-flink-it",
                        "--transactional-id-prefix",
                        "dashboard-flink-it",
                        "--output-path",
                        dir.resolve("lake").toString(),
                        "--checkpoint-path",
                        dir.resolve("checkpoints").toString(),
                        "--checkpoint-interval",
                        "1s"));
        Files.createDirectories(jobLog().getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(jobLog().toFile())
                .start();
    }

    private static Path jobLog() {
        return Path.of("target", "dashboard-flink-job.log");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The number of completed checkpoints in the checkpoint field's text. */
    private static long completed(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([\\d,]+) completed").matcher(text);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    private static WebElement panel(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-testid=flink]"));
    }

    private static String problem(WebDriver driver) {
        return text(driver, "[data-field=flink-problem]");
    }
}
