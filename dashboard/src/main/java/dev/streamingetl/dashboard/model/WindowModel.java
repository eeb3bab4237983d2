package dev.streamingetl.dashboard.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The newest windows seen on the analytics topic, per window start and series (group values). A
 * window and series seen again replaces the older value, so updates, replays and duplicates never
 * double-count; only the newest {@code maxWindows} window starts are kept. Thread-safe.
 */
public final class WindowModel {

    /** The series name under which the types beyond the top N are summed. */
    public static final String OTHER = "other";

    private final int maxWindows;
    private final TreeMap<Instant, Map<String, Aggregate>> windows = new TreeMap<>();

    public WindowModel(int maxWindows) {
        this.maxWindows = maxWindows;
    }

    /** Adds or replaces an aggregate; returns false if it is older than every window kept. */
    public synchronized boolean put(Aggregate a) {
        if (windows.size() >= maxWindows && a.windowStart().isBefore(windows.firstKey())) {
            return false;
        }
        windows.computeIfAbsent(a.windowStart(), w -> new HashMap<>()).put(a.series(), a);
        while (windows.size() > maxWindows) {
            windows.pollFirstEntry();
        }
        return true;
    }

    /**
     * What the page shows: stacked counts of the top {@code topTypes} series, and a card per
     * series.
     */
    public synchronized View view(int topTypes) {
        return view(topTypes, windows);
    }

    /**
     * The view of the windows that start within {@code range} before the newest one up to {@code
     * until} (inclusive), or before the newest one kept when {@code until} is null.
     */
    public synchronized View view(int topTypes, TimeRange range, Instant until) {
        if (windows.isEmpty()) {
            return view(topTypes, windows);
        }
        Instant newest = until == null ? windows.lastKey() : until;
        return view(topTypes, windows.subMap(newest.minus(range.length()), false, newest, true));
    }

    private View view(int topTypes, NavigableMap<Instant, Map<String, Aggregate>> windows) {
        List<Instant> starts = new ArrayList<>(windows.keySet());
        Map<String, Long> totals = new HashMap<>();
        windows.values()
                .forEach(
                        byType ->
                                byType.values()
                                        .forEach(
                                                a ->
                                                        totals.merge(
                                                                a.series(),
                                                                a.eventCount(),
                                                                Long::sum)));
        List<String> ranked = new ArrayList<>(totals.keySet());
        ranked.sort(
                Comparator.<String>comparingLong(totals::get)
                        .reversed()
                        .thenComparing(Comparator.naturalOrder()));

        Map<String, long[]> series = new LinkedHashMap<>();
        List<String> shown = ranked.subList(0, Math.min(topTypes, ranked.size()));
        shown.forEach(t -> series.put(t, new long[starts.size()]));
        if (ranked.size() > topTypes) {
            series.put(OTHER, new long[starts.size()]);
        }
        int i = 0;
        for (Map<String, Aggregate> byType : windows.values()) {
            for (Aggregate a : byType.values()) {
                series.getOrDefault(a.series(), series.get(OTHER))[i] += a.eventCount();
            }
            i++;
        }

        List<Card> cards = new ArrayList<>();
        for (String type : ranked) {
            Aggregate latest = null;
            Aggregate previous = null;
            for (NavigableMap.Entry<Instant, Map<String, Aggregate>> e :
                    windows.descendingMap().entrySet()) {
                Aggregate a = e.getValue().get(type);
                if (a != null) {
                    if (latest == null) {
                        latest = a;
                    } else {
                        previous = a;
                        break;
                    }
                }
            }
            cards.add(new Card(latest, previous));
        }
        return new View(starts, series, cards);
    }

    /**
     * One series' windows, oldest first, that start within {@code range} before the newest window
     * kept (of any series) up to {@code until}, or up to the newest when {@code until} is null.
     */
    public synchronized List<Aggregate> history(String series, TimeRange range, Instant until) {
        List<Aggregate> history = new ArrayList<>();
        if (windows.isEmpty()) {
            return history;
        }
        Instant newest = until == null ? windows.lastKey() : until;
        for (Map<String, Aggregate> bySeries :
                windows.subMap(newest.minus(range.length()), false, newest, true).values()) {
            Aggregate a = bySeries.get(series);
            if (a != null) {
                history.add(a);
            }
        }
        return history;
    }

    public synchronized int windowCount() {
        return windows.size();
    }

    /** The chart's data and the cards, in display order. */
    public record View(
            List<Instant> windowStarts, Map<String, long[]> countsByType, List<Card> cards) {}

    /** One series' latest window and the one before it (null if none). */
    public record Card(Aggregate latest, Aggregate previous) {

        /** Relative change of the count against the previous window, null without one. */
        public Double countChange() {
            if (previous == null || previous.eventCount() == 0) {
                return null;
            }
            return (latest.eventCount() - previous.eventCount()) / (double) previous.eventCount();
        }
    }
}
