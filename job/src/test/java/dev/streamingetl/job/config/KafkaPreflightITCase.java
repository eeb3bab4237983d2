package dev.streamingetl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link KafkaPreflight} against the real broker: topics that are missing. */
@ExtendWith(LocalKafkaExtension.class)
class KafkaPreflightITCase {

    @TempDir Path dir;

    @Test
    void createsMissingOutputTopicsWithTheBrokersDefaults() throws Exception {
        LocalKafkaExtension.kafka().createTopics(Map.of("preflight_in", 3));
        KafkaPreflight.check(TestJobs.config("preflight_in", dir));
        try (Admin admin = admin()) {
            var topics =
                    admin.describeTopics(List.of("preflight_in_dlq", "preflight_in_agg"))
                            .allTopicNames()
                            .get();
            assertThat(topics.values())
                    .allSatisfy(t -> assertThat(t.partitions()).hasSize(1)); // num.partitions=1
        }
    }

    @Test
    void withoutCreateTopicsAMissingOutputTopicIsNamedWithItsFlag() {
        LocalKafkaExtension.kafka().createTopics(Map.of("preflight_nocreate", 1));
        assertThatThrownBy(
                        () ->
                                KafkaPreflight.check(
                                        TestJobs.config(
                                                "preflight_nocreate", dir, "--no-create-topics")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "topic 'preflight_nocreate_dlq' (--dlq-topic) does not exist on ")
                .hasMessageContaining("--no-create-topics");
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get())
                    .doesNotContainAnyElementsOf(
                            Set.of("preflight_nocreate_dlq", "preflight_nocreate_agg"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theInputTopicIsNeverCreated() {
        assertThatThrownBy(() -> KafkaPreflight.check(TestJobs.config("preflight_typo", dir)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("topic 'preflight_typo' does not exist on ")
                .hasMessageContaining("--kafka-topic");
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", LocalKafkaExtension.bootstrapServers());
        return Admin.create(props);
    }
}
