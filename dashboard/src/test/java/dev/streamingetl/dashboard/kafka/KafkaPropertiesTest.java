package dev.streamingetl.dashboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The dashboard's Kafka settings as Spring binds them from its configuration. */
class KafkaPropertiesTest {

    @Test
    void clientSettingsPassThroughAndAreNeverPrinted() {
        Map<String, String> config =
                Map.of(
                        "kafka.bootstrap", "broker:9093",
                        "kafka.client.security.protocol", "SASL_SSL",
                        "kafka.client.sasl.mechanism", "SCRAM-SHA-512",
                        "kafka.client.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\"etl\" password=\"dash-s3cret\";");
        KafkaProperties kafka =
                new Binder(new MapConfigurationPropertySource(config))
                        .bind("kafka", KafkaProperties.class)
                        .get();
        assertThat(kafka.bootstrap()).isEqualTo("broker:9093");
        assertThat(kafka.client())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config");
        assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("dash-s3cret");
    }
}
