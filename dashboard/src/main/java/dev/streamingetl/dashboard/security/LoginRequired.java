package dev.streamingetl.dashboard.security;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import com.vaadin.flow.spring.security.VaadinWebSecurity;
import dev.streamingetl.dashboard.view.LoginView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * With {@code dashboard.security.enabled=true}: every page, and the push channel behind it, needs a
 * login through {@link LoginView}; the users and their password hashes come from configuration.
 */
@Configuration
@EnableWebSecurity
@ConditionalOnProperty(prefix = "dashboard.security", name = "enabled", havingValue = "true")
public class LoginRequired extends VaadinWebSecurity {

    /** Only one-way hashes: a clear-text ({noop}) password in a config file is refused. */
    private static final Pattern HASHED =
            Pattern.compile("\\{(bcrypt|argon2@?\\w*|pbkdf2@?\\w*|scrypt@?\\w*)}.+");

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        // Vaadin lets its framework requests through to every session; the push channel is
        // only for signed-in users (the login view does without it).
        http.authorizeHttpRequests(
                requests ->
                        requests.requestMatchers(antMatcher("/VAADIN/push/**")).authenticated());
        super.configure(http);
        setLoginView(http, LoginView.class);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties security) {
        if (security.users().isEmpty()) {
            throw new IllegalStateException(
                    "dashboard.security.enabled=true needs at least one user:"
                            + " dashboard.security.users.<name>={bcrypt}... (make a hash with --hash-password)");
        }
        List<UserDetails> users = new ArrayList<>();
        for (Map.Entry<String, String> user : security.users().entrySet()) {
            if (!HASHED.matcher(user.getValue()).matches()) {
                throw new IllegalStateException(
                        "dashboard.security.users."
                                + user.getKey()
                                + " must be a password hash such as {bcrypt}$2a$10$...,"
                                + " not a password (make one with --hash-password)");
            }
            users.add(
                    User.withUsername(user.getKey())
                            .password(user.getValue())
                            .roles("VIEWER")
                            .build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
