package dev.streamingetl.dashboard.kafka;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the dashboard reads ({@code kafka.*}, overridable on the command line, e.g. {@code
 * --kafka.bootstrap=host:9092}).
 *
 * @param bootstrap Kafka bootstrap servers
 * @param analyticsTopic topic of window aggregates
 * @param dlqTopic dead-letter topic
 * @param groupId client group id; the dashboard assigns itself every partition and never commits,
 *     so each instance sees everything and re-reads its history on start
 * @param history how far back to read on start
 * @param client further Kafka client settings for TLS, SASL and the like ({@code
 *     kafka.client.security.protocol=SASL_SSL}); they stay on the server, never in a page
 */
@ConfigurationProperties(prefix = "kafka")
public record KafkaProperties(
        @DefaultValue("localhost:9092") String bootstrap,
        @DefaultValue("events_agg_rt") String analyticsTopic,
        @DefaultValue("events_dlq") String dlqTopic,
        @DefaultValue("streaming-etl-dashboard") String groupId,
        @DefaultValue("60m") Duration history,
        Map<String, String> client) {

    public KafkaProperties {
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    /** The client settings only by name: their values may be credentials. */
    @Override
    public String toString() {
        return "KafkaProperties[bootstrap="
                + bootstrap
                + ", analyticsTopic="
                + analyticsTopic
                + ", dlqTopic="
                + dlqTopic
                + ", client="
                + new java.util.TreeSet<>(client.keySet())
                + "]";
    }
}
