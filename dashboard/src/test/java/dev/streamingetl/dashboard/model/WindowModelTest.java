package dev.streamingetl.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowModel}. */
class WindowModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void windowsAreOrderedAndCountsStackedByType() {
        WindowModel model = new WindowModel(10);
        model.put(agg(20, "click", 5));
        model.put(agg(0, "page_view", 10));
        model.put(agg(10, "page_view", 12));
        model.put(agg(0, "click", 3));
        WindowModel.View view = model.view(10);
        assertThat(view.windowStarts()).containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(20));
        assertThat(view.countsByType().keySet()).containsExactly("page_view", "click");
        assertThat(view.countsByType().get("page_view")).containsExactly(10, 12, 0);
        assertThat(view.countsByType().get("click")).containsExactly(3, 0, 5);
    }

    @Test
    void aWindowAndTypeSeenAgainReplacesTheOlderValue() {
        WindowModel model = new WindowModel(10);
        model.put(agg(0, "click", 3));
        model.put(agg(0, "click", 3));
        model.put(agg(0, "click", 7));
        assertThat(model.view(10).countsByType().get("click")).containsExactly(7);
    }

    @Test
    void keepsOnlyTheNewestWindows() {
        WindowModel model = new WindowModel(3);
        for (int i = 0; i < 100; i++) {
            model.put(agg(i * 10, "click", i));
        }
        assertThat(model.windowCount()).isEqualTo(3);
        assertThat(model.put(agg(0, "click", 1))).as("older than every window kept").isFalse();
        assertThat(model.view(10).windowStarts())
                .containsExactly(T0.plusSeconds(970), T0.plusSeconds(980), T0.plusSeconds(990));
    }

    @Test
    void typesBeyondTheTopNAreSummedAsOther() {
        WindowModel model = new WindowModel(10);
        model.put(agg(0, "a", 100));
        model.put(agg(0, "b", 50));
        model.put(agg(0, "c", 7));
        model.put(agg(0, "d", 3));
        Map<String, long[]> series = model.view(2).countsByType();
        assertThat(series.keySet()).containsExactly("a", "b", WindowModel.OTHER);
        assertThat(series.get(WindowModel.OTHER)).containsExactly(10);
    }

    @Test
    void cardsShowTheLatestWindowOfEachTypeAndItsChange() {
        WindowModel model = new WindowModel(10);
        model.put(agg(0, "a", 100));
        model.put(agg(10, "a", 120));
        model.put(agg(0, "b", 5));
        var cards = model.view(10).cards();
        assertThat(cards).extracting(c -> c.latest().series()).containsExactly("a", "b");
        assertThat(cards.get(0).latest().eventCount()).isEqualTo(120);
        assertThat(cards.get(0).countChange()).isEqualTo(0.2);
        assertThat(cards.get(1).countChange()).isNull();
    }

    @Test
    void aTimeRangeEndsAtTheNewestWindowOrAtThePause() {
        WindowModel model = new WindowModel(1000);
        for (int minute = 0; minute <= 70; minute++) {
            model.put(agg(minute * 60, "a", minute));
        }
        // Starts after newest - range, up to the newest: 5 minutes of minute windows are 5.
        assertThat(model.view(10, TimeRange.LAST_5_MINUTES, null).windowStarts())
                .containsExactly(
                        T0.plusSeconds(66 * 60),
                        T0.plusSeconds(67 * 60),
                        T0.plusSeconds(68 * 60),
                        T0.plusSeconds(69 * 60),
                        T0.plusSeconds(70 * 60));
        assertThat(model.view(10, TimeRange.LAST_15_MINUTES, null).windowStarts()).hasSize(15);
        assertThat(model.view(10, TimeRange.LAST_60_MINUTES, null).windowStarts()).hasSize(60);
        WindowModel.View paused = model.view(10, TimeRange.LAST_5_MINUTES, T0.plusSeconds(20 * 60));
        assertThat(paused.windowStarts()).first().isEqualTo(T0.plusSeconds(16 * 60));
        assertThat(paused.windowStarts()).last().isEqualTo(T0.plusSeconds(20 * 60));
        assertThat(paused.cards().get(0).latest().eventCount())
                .as("the card shows the newest window in the range")
                .isEqualTo(20);
        assertThat(new WindowModel(10).view(10, TimeRange.LAST_5_MINUTES, null).windowStarts())
                .isEmpty();
    }

    static Aggregate agg(int startSeconds, String type, long count) {
        Instant start = T0.plusSeconds(startSeconds);
        return new Aggregate(
                start,
                start.plusSeconds(10),
                type,
                count,
                new Aggregate.Figure("unique_users", (double) count),
                "value",
                List.of(new Aggregate.Figure("avg", 1.0), new Aggregate.Figure("p95", 2.0)),
                start.plusSeconds(11));
    }
}
