package dev.streamingetl.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class FlinkSettingsTest {

    @Test
    void theFirstCheckpointWaitsAtLeastHalfTheIntervalSoThatTasksHaveStarted() throws Exception {
        Configuration conf =
                FlinkSettings.jobConfiguration(
                        JobConfig.parse(
                                "--kafka-bootstrap", "127.0.0.1:1", "--checkpoint-interval", "8s"));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(8));
        // Flink draws the first trigger's delay from [min-pause, interval].
        assertThat(conf.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS))
                .isEqualTo(Duration.ofSeconds(4));
    }
}
