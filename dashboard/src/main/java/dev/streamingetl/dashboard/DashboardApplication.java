package dev.streamingetl.dashboard;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The dashboard: one Kafka consumer feeding a model that every open page watches live. */
// Users come from dashboard.security.*, never from a generated password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@Push
@Theme("dashboard")
@PWA(name = "Streaming ETL dashboard", shortName = "ETL")
public class DashboardApplication implements AppShellConfigurator {

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 1 && args[0].equals("--hash-password")) {
            System.out.println(PasswordHash.fromStandardInput());
            return;
        }
        SpringApplication.run(DashboardApplication.class, args);
    }
}
