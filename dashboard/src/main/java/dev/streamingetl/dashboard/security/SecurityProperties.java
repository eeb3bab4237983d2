package dev.streamingetl.dashboard.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may see the dashboard ({@code dashboard.security.*}).
 *
 * @param enabled whether a login is required (default: no, for a dashboard on a trusted network)
 * @param users user name to password hash, in Spring Security's form ({@code {bcrypt}$2a$…}); make
 *     one with {@code java -jar streaming-etl-dashboard.jar --hash-password}
 */
@ConfigurationProperties(prefix = "dashboard.security")
public record SecurityProperties(
        @DefaultValue("false") boolean enabled, Map<String, String> users) {

    public SecurityProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    @Override
    public String toString() {
        return "SecurityProperties[enabled=" + enabled + ", users=" + users.keySet() + "]";
    }
}
