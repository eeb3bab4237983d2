package dev.streamingetl.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link PipelineHealth} and {@link Aggregate#parse}. */
class PipelineHealthTest {

    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final Clock clock =
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };

    @Test
    void deadLettersAreCountedPerReasonOverTheLastMinute() {
        PipelineHealth health = new PipelineHealth(clock);
        health.rejected(now.minusSeconds(90), "malformed_json", "old", "x");
        for (int i = 0; i < 7; i++) {
            health.rejected(
                    now.minusSeconds(i),
                    i % 2 == 0 ? "invalid_field" : "late_event",
                    "d" + i,
                    "{}");
        }
        PipelineHealth.Snapshot s = health.snapshot();
        assertThat(s.rejectsLastMinute()).isEqualTo(Map.of("invalid_field", 4L, "late_event", 3L));
        assertThat(s.latestRejects())
                .hasSize(5)
                .first()
                .extracting(PipelineHealth.Reject::detail)
                .isEqualTo("d6");
    }

    @Test
    void deadLettersPerMinuteByReasonCoverTheLastHour() {
        PipelineHealth health = new PipelineHealth(clock);
        health.rejected(now.minus(Duration.ofMinutes(61)), "malformed_json", "expired", "x");
        health.rejected(
                now.minus(Duration.ofMinutes(59)).plusSeconds(5), "malformed_json", "", "x");
        health.rejected(now.minusSeconds(30), "invalid_field", "", "x");
        health.rejected(now.minusSeconds(50), "invalid_field", "", "x");
        health.rejected(now.minusSeconds(59), "missing_field", "", "x");
        PipelineHealth.RejectMinutes m = health.snapshot().rejectsByMinute();
        assertThat(m.minutes())
                .containsExactly(
                        now.minus(Duration.ofMinutes(59)), now.minus(Duration.ofMinutes(1)));
        assertThat(m.byReason().keySet())
                .containsExactly("invalid_field", "malformed_json", "missing_field");
        assertThat(m.byReason().get("invalid_field")).containsExactly(0, 2);
        assertThat(m.byReason().get("malformed_json")).containsExactly(1, 0);
        assertThat(m.byReason().get("missing_field")).containsExactly(0, 1);
    }

    @Test
    void rawValuesAreCutForDisplay() {
        PipelineHealth health = new PipelineHealth(clock);
        health.rejected(now, "oversized_record", "big", "x".repeat(10_000));
        assertThat(health.snapshot().latestRejects().get(0).raw())
                .hasSize(PipelineHealth.RAW_SHOWN + 1);
    }

    @Test
    void connectionStateRemembersSince() {
        PipelineHealth health = new PipelineHealth(clock);
        health.connected(true);
        now = now.plusSeconds(5);
        health.connected(false);
        now = now.plusSeconds(5);
        health.connected(false);
        assertThat(health.snapshot().connected()).isFalse();
        assertThat(health.snapshot().connectionChangedAt())
                .isEqualTo(Instant.parse("2026-11-24T10:00:05Z"));
    }

    @Test
    void newestAggregateAgeGrows() {
        PipelineHealth health = new PipelineHealth(clock);
        assertThat(health.snapshot().newestAggregateAge()).isNull();
        health.aggregateArrived(now.minusSeconds(2));
        health.aggregateArrived(now.minusSeconds(60)); // an older one, replayed
        now = now.plusSeconds(3);
        assertThat(health.snapshot().newestAggregateAge()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void unreadableAggregatesAreRejectedWithAReason() {
        assertThat(parseError("not json")).isEqualTo("not JSON");
        assertThat(parseError("[1]")).isEqualTo("not a JSON object");
        assertThat(parseError("{\"window_start\":\"2026-11-24T10:00:00Z\"}"))
                .isEqualTo("missing or invalid window_end");
        assertThat(
                        Aggregate.parse(
                                ("{\"window_start\":\"2026-11-24T10:00:00.000Z\",\"window_end\":\"2026-11-24T10:00:10.000Z\","
                                                + "\"event_type\":\"click\",\"event_count\":3,\"unique_users\":2,\"value_avg\":null,\"value_p95\":1.5}")
                                        .getBytes()))
                .isEqualTo(
                        new Aggregate(
                                Instant.parse("2026-11-24T10:00:00Z"),
                                Instant.parse("2026-11-24T10:00:10Z"),
                                "click",
                                3,
                                new Aggregate.Figure("unique_users", 2.0),
                                "value",
                                List.of(
                                        new Aggregate.Figure("avg", null),
                                        new Aggregate.Figure("p95", 1.5)),
                                null));
    }

    @Test
    void anAggregateOfAnySpecGivesItsGroupValuesFirstDistinctColumnAndFirstMeasure() {
        Aggregate sensors =
                Aggregate.parse(
                        ("{\"window_start\":\"2026-11-24T10:00:00.000Z\",\"window_end\":\"2026-11-24T10:00:30.000Z\","
                                        + "\"site\":\"site-1\",\"kind\":\"humidity\",\"event_count\":7,\"sensors\":4,"
                                        + "\"level_count\":6,\"level_sum\":30.0,\"level_avg\":5.0,\"battery_min\":null,"
                                        + "\"emitted_at\":\"2026-11-24T10:00:35.000Z\"}")
                                .getBytes());
        assertThat(sensors.series()).isEqualTo("site-1 / humidity");
        assertThat(sensors.eventCount()).isEqualTo(7);
        assertThat(sensors.distinct()).isEqualTo(new Aggregate.Figure("sensors", 4.0));
        assertThat(sensors.measure()).isEqualTo("level");
        assertThat(sensors.measureFigures())
                .containsExactly(
                        new Aggregate.Figure("count", 6.0),
                        new Aggregate.Figure("sum", 30.0),
                        new Aggregate.Figure("avg", 5.0));
        assertThat(sensors.emittedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:35Z"));

        Aggregate countsOnly =
                Aggregate.parse(
                        ("{\"window_start\":\"2026-11-24T10:00:00Z\",\"window_end\":\"2026-11-24T10:01:00Z\","
                                        + "\"shop\":\"a|b\",\"event_count\":2}")
                                .getBytes());
        assertThat(countsOnly.series()).isEqualTo("a|b");
        assertThat(countsOnly.distinct()).isNull();
        assertThat(countsOnly.measure()).isNull();
        assertThat(countsOnly.measureFigures()).isEmpty();
        assertThat(
                        parseError(
                                "{\"window_start\":\"2026-11-24T10:00:00Z\",\"window_end\":\"2026-11-24T10:01:00Z\",\"event_count\":2}"))
                .isEqualTo("no group value (a text column)");
    }

    private static String parseError(String json) {
        try {
            Aggregate.parse(json.getBytes());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
