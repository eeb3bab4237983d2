package dev.streamingetl.dashboard;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The dashboard: one Kafka consumer feeding a model that every open page watches live. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Push
@Theme("dashboard")
@PWA(name = "Streaming ETL dashboard", shortName = "ETL")
public class DashboardApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
