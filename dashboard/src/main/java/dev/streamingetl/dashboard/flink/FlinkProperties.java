package dev.streamingetl.dashboard.flink;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the pipeline's Flink cluster answers ({@code flink.*}).
 *
 * @param restUrl the JobManager's REST address, as the Web UI uses it (e.g. {@code
 *     http://localhost:8081}); unset, the page says how to set it
 * @param jobName the job to show, if the cluster runs several: the first whose name starts with it;
 *     by default the newest running job
 * @param pollInterval how often the REST API is asked
 */
@ConfigurationProperties(prefix = "flink")
public record FlinkProperties(
        String restUrl,
        @DefaultValue("") String jobName,
        @DefaultValue("2s") Duration pollInterval) {

    public FlinkProperties {
        if (restUrl != null
                && !restUrl.isBlank()
                && !restUrl.startsWith("http://")
                && !restUrl.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "flink.rest-url must be an http:// or https:// address, e.g."
                            + " http://localhost:8081, not "
                            + restUrl);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "flink.poll-interval must be positive, e.g. 2s, not " + pollInterval);
        }
    }
}
