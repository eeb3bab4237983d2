package dev.streamingetl.dashboard.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the person watching needs to trust the numbers: is the consumer connected, how far behind is
 * it, how fresh is the newest aggregate, and what bad data is arriving. Thread-safe.
 */
public final class PipelineHealth {

    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    static final int LATEST_REJECTS = 5;
    static final int RAW_SHOWN = 160;

    /** How far back the dead letters per minute are charted. */
    public static final Duration MINUTES_KEPT = Duration.ofMinutes(60);

    private final Clock clock;
    private boolean connected;
    private Instant connectionChangedAt;
    private long lag;
    private Instant newestAggregateAt;
    private long skipped;
    private String lastSkipReason;
    private final Deque<Reject> recentRejects = new ArrayDeque<>();
    private final TreeMap<Instant, Map<String, Long>> rejectsByMinute = new TreeMap<>();

    public PipelineHealth(Clock clock) {
        this.clock = clock;
        this.connectionChangedAt = clock.instant();
    }

    public synchronized void connected(boolean now) {
        if (now != connected) {
            connected = now;
            connectionChangedAt = clock.instant();
        }
    }

    public synchronized void lag(long records) {
        lag = records;
    }

    /**
     * An aggregate emitted by the job at {@code emittedAt} (null if unknown: then now). The age
     * shown is that of the newest one, so a replayed history does not look fresh.
     */
    public synchronized void aggregateArrived(Instant emittedAt) {
        Instant at =
                emittedAt == null || emittedAt.isAfter(clock.instant())
                        ? clock.instant()
                        : emittedAt;
        if (newestAggregateAt == null || at.isAfter(newestAggregateAt)) {
            newestAggregateAt = at;
        }
    }

    /** A record on the analytics topic that is not a readable aggregate. */
    public synchronized void skipped(String why) {
        skipped++;
        lastSkipReason = why;
    }

    /** A record of the dead-letter topic, written at {@code at}. */
    public synchronized void rejected(Instant at, String reason, String detail, String raw) {
        String shown =
                raw == null
                        ? "(null)"
                        : raw.length() <= RAW_SHOWN ? raw : raw.substring(0, RAW_SHOWN) + "…";
        recentRejects.addLast(new Reject(at, reason, detail, shown));
        rejectsByMinute
                .computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES), m -> new TreeMap<>())
                .merge(reason, 1L, Long::sum);
        expire();
    }

    public synchronized Snapshot snapshot() {
        expire();
        Map<String, Long> perMinute = new TreeMap<>();
        recentRejects.forEach(r -> perMinute.merge(r.reason(), 1L, Long::sum));
        List<Reject> latest = new ArrayList<>(recentRejects);
        latest = latest.subList(Math.max(0, latest.size() - LATEST_REJECTS), latest.size());
        java.util.Collections.reverse(latest);
        Duration age =
                newestAggregateAt == null
                        ? null
                        : Duration.between(newestAggregateAt, clock.instant());
        return new Snapshot(
                connected,
                connectionChangedAt,
                lag,
                age,
                skipped,
                lastSkipReason,
                perMinute,
                List.copyOf(latest),
                byMinute());
    }

    private void expire() {
        Instant horizon = clock.instant().minus(RATE_WINDOW);
        while (!recentRejects.isEmpty() && recentRejects.peekFirst().at().isBefore(horizon)) {
            recentRejects.pollFirst();
        }
        rejectsByMinute.headMap(clock.instant().minus(MINUTES_KEPT), false).clear();
    }

    private RejectMinutes byMinute() {
        List<Instant> minutes = new ArrayList<>(rejectsByMinute.keySet());
        Map<String, long[]> byReason = new TreeMap<>();
        int i = 0;
        for (Map<String, Long> reasons : rejectsByMinute.values()) {
            for (Map.Entry<String, Long> e : reasons.entrySet()) {
                byReason.computeIfAbsent(e.getKey(), r -> new long[minutes.size()])[i] =
                        e.getValue();
            }
            i++;
        }
        return new RejectMinutes(minutes, byReason);
    }

    /**
     * Dead letters per minute (of the time the job wrote them) by reason, over the last {@link
     * #MINUTES_KEPT}: only minutes that had any.
     */
    public record RejectMinutes(List<Instant> minutes, Map<String, long[]> byReason) {}

    /** A rejected record as the panel shows it. */
    public record Reject(Instant at, String reason, String detail, String raw) {}

    /** The health strip's figures at one moment. */
    public record Snapshot(
            boolean connected,
            Instant connectionChangedAt,
            long lag,
            Duration newestAggregateAge,
            long skipped,
            String lastSkipReason,
            Map<String, Long> rejectsLastMinute,
            List<Reject> latestRejects,
            RejectMinutes rejectsByMinute) {}
}
