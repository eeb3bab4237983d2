package dev.streamingetl.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard with its login switched on: nothing answers before a login (pages redirect, the
 * push channel carries no data), a wrong password is refused, the right one shows the live page,
 * and neither the broker's address nor a Kafka secret ever reaches the browser.
 */
// Closed after the class: a cached app would keep its consumer polling a stopped broker.
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dashboard.security.enabled=true")
class DashboardLoginBrowserITCase {

    private static final String AGG = "login_agg";
    private static final String PASSWORD = "correct horse battery";
    private static final String KAFKA_SECRET = "kafka-secret-4d1c";

    private static LocalKafka kafka;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        kafka = DashboardTesting.startKafka(registry, AGG, "login_dlq");
        // Ignored by a PLAINTEXT connection, but a secret the page must never show.
        registry.add(
                "kafka.client.sasl.jaas.config",
                () ->
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"dash\" password=\""
                                + KAFKA_SECRET
                                + "\";");
        registry.add(
                "dashboard.security.users.alice",
                () -> "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pagesAndThePushChannelAnswerNothingWithoutALogin() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = http.send(get("/"), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> push =
                http.send(
                        get("/VAADIN/push?v-r=push&v-uiId=0&X-Atmosphere-Transport=long-polling"),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(push.body()).doesNotContain("page_view").doesNotContain("event_count");
        assertThat(push.statusCode()).isNotEqualTo(200);
    }

    @Test
    void theRightPasswordShowsTheLivePageAndNoSecretReachesIt() throws Exception {
        DashboardTesting.publish(
                kafka, AGG, DashboardTesting.aggregate(0, "page_view", 100, 80, 12.5, 30.0));
        WebDriver driver = DashboardTesting.browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class)
                    .ignoring(NoSuchElementException.class);
            driver.get("http://localhost:" + port + "/");
            signIn(driver, wait, "alice", "not the password");
            wait.until(d -> d.getCurrentUrl().contains("error"));
            assertThat(driver.findElements(By.cssSelector("[data-testid=event-count-chart]")))
                    .isEmpty();

            signIn(driver, wait, "alice", PASSWORD);
            awaitPageViews(wait, "100");
            // Live: pushed to the signed-in page without a reload.
            DashboardTesting.publish(
                    kafka, AGG, DashboardTesting.aggregate(10, "page_view", 150, 90, 12.5, 30.0));
            awaitPageViews(wait, "150");
            String page = driver.getPageSource();
            assertThat(page)
                    .doesNotContain(kafka.bootstrapServers())
                    .doesNotContain(KAFKA_SECRET)
                    .doesNotContain(PASSWORD);
        } finally {
            driver.quit();
        }
    }

    private static void awaitPageViews(WebDriverWait wait, String count) {
        wait.until(
                d ->
                        d.findElement(
                                        By.cssSelector(
                                                ".card[data-series=page_view] [data-field=event_count]"))
                                .getText()
                                .equals(count));
    }

    private void signIn(WebDriver driver, WebDriverWait wait, String user, String password) {
        wait.until(d -> d.findElement(By.cssSelector("vaadin-login-form")).isDisplayed());
        var name = wait.until(d -> d.findElement(By.cssSelector("#vaadinLoginUsername input")));
        name.clear();
        name.sendKeys(user);
        var secret = driver.findElement(By.cssSelector("#vaadinLoginPassword input"));
        secret.clear();
        secret.sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot=submit]")).click();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
    }
}
