package dev.streamingetl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.tools.LocalKafka;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the dashboard's browser tests share: headless Chromium, and aggregates to publish. */
final class DashboardTesting {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private DashboardTesting() {}

    /** A wait of 30 s that tolerates the page re-rendering what it looks for. */
    static WebDriverWait patientWait(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, java.time.Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class);
        return wait;
    }

    /** Opens the dashboard on {@code port} and returns its chart once it has drawn. */
    static WebElement openChart(WebDriver driver, int port, WebDriverWait wait) {
        return openChart(driver, port, wait, "");
    }

    /** As {@link #openChart(WebDriver, int, WebDriverWait)}, with a query ({@code ?range=60m}). */
    static WebElement openChart(WebDriver driver, int port, WebDriverWait wait, String query) {
        driver.get("http://localhost:" + port + "/" + query);
        return wait.until(
                d ->
                        d.findElement(
                                By.cssSelector("[data-testid=event-count-chart][data-updates]")));
    }

    /**
     * A broker of its own for one test class, with the dashboard's topics set to these. A broker
     * that fails to start is reported (its log's tail) and tried once more on other ports: the
     * Spring context that needs it would otherwise fail with a message that hides the cause.
     */
    static LocalKafka startKafka(
            DynamicPropertyRegistry registry, String aggregates, String deadLetters)
            throws IOException {
        LocalKafka kafka;
        try {
            kafka = LocalKafka.startOnFreePorts(Files.createTempDirectory("dashboard-kafka-"));
        } catch (IllegalStateException first) {
            System.err.println("The test's Kafka did not start, trying again: " + first);
            kafka = LocalKafka.startOnFreePorts(Files.createTempDirectory("dashboard-kafka-"));
        }
        kafka.createTopics(java.util.Map.of(aggregates, 1, deadLetters, 1));
        LocalKafka started = kafka;
        registry.add("kafka.bootstrap", started::bootstrapServers);
        registry.add("kafka.analytics-topic", () -> aggregates);
        registry.add("kafka.dlq-topic", () -> deadLetters);
        return kafka;
    }

    static WebDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }

    static String aggregate(
            int startSeconds, String type, long count, long users, Double avg, Double p95) {
        Instant start = T0.plusSeconds(startSeconds);
        return "{\"window_start\":\""
                + start
                + "\",\"window_end\":\""
                + start.plusSeconds(10)
                + "\",\"event_type\":\""
                + type
                + "\",\"event_count\":"
                + count
                + ",\"unique_users\":"
                + users
                + ",\"value_count\":"
                + (avg == null ? 0 : count)
                + ",\"value_avg\":"
                + avg
                + ",\"value_p95\":"
                + p95
                + ",\"emitted_at\":\""
                + start.plusSeconds(11)
                + "\"}";
    }

    static void publish(LocalKafka kafka, String topic, String... values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String value : values) {
                producer.send(
                        new ProducerRecord<>(
                                topic, value.contains("page_view") ? "page_view" : "other", value));
            }
            producer.flush();
        }
    }

    static JsonNode chartData(WebDriver driver, WebElement chart) {
        Object json =
                ((JavascriptExecutor) driver)
                        .executeScript("return JSON.stringify(arguments[0].$data || {})", chart);
        try {
            return JSON.readTree((String) json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String series(JsonNode data, String name) {
        for (JsonNode s : data.path("series")) {
            if (s.path("name").asText().equals(name)) {
                return s.path("counts").toString();
            }
        }
        return "(no series " + name + ")";
    }

    /**
     * Waits until the element shows exactly {@code expected}; the page re-renders parts of itself
     * while we read.
     */
    static void awaitText(WebDriverWait wait, String css, String expected) {
        try {
            wait.until(d -> text(d, css).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(css + " should show '" + expected + "'", e);
        }
    }

    static String text(WebDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }

    /** A Vaadin Grid's rows, in order, as their cells' texts joined by " | ". */
    @SuppressWarnings("unchecked")
    static List<String> gridRows(WebDriver driver, String testId) {
        return (List<String>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const g = document.querySelector('[data-testid=' + arguments[0] + ']');"
                                        + " const rows = [...g.shadowRoot.querySelectorAll('tbody#items tr')]"
                                        + "   .filter(r => !r.hidden && r.style.display !== 'none' && r.index !== undefined);"
                                        + " rows.sort((a, b) => a.index - b.index);"
                                        + " return rows.map(r => [...r.querySelectorAll('td slot')]"
                                        + "   .map(s => s.assignedNodes().map(n => n.textContent).join('').trim()).join(' | '));",
                                testId);
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(
                dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
