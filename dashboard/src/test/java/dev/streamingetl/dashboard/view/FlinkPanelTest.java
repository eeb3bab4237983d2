package dev.streamingetl.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlinkPanelTest {

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(FlinkPanel.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(FlinkPanel.duration(Duration.ofMillis(119_999))).isEqualTo("119 s");
        assertThat(FlinkPanel.duration(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(FlinkPanel.duration(Duration.ofMinutes(119).plusSeconds(59)))
                .isEqualTo("119 min");
        assertThat(FlinkPanel.duration(Duration.ofHours(3).plusMinutes(5))).isEqualTo("3 h 5 min");
        assertThat(FlinkPanel.duration(Duration.ofDays(2).plusHours(4).plusMinutes(59)))
                .isEqualTo("2 d 4 h");
    }
}
