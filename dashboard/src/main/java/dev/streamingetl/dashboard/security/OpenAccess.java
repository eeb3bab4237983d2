package dev.streamingetl.dashboard.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Without a login (the default): every page is open, as before Spring Security was on the class
 * path. Vaadin keeps its own CSRF protection of UI requests.
 */
@Configuration
@ConditionalOnProperty(
        prefix = "dashboard.security",
        name = "enabled",
        havingValue = "false",
        matchIfMissing = true)
public class OpenAccess {

    @Bean
    SecurityFilterChain openToEveryone(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
