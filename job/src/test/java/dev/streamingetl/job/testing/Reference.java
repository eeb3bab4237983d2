package dev.streamingetl.job.testing;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.tools.EventGenerator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What an input should give, computed without Flink: the origins ({@code partition/offset}) of the
 * bad records, and per window and type the count, value count and value sum, in the form {@link
 * Outputs} reads them from the lake and the topics.
 */
public record Reference(Set<String> bad, Map<String, Event> eventsByOrigin) {

    /** The reference of {@code records}, written where {@code written} says. */
    public static Reference of(
            List<EventGenerator.Record> records, List<Future<RecordMetadata>> written)
            throws Exception {
        EventParser parser = new EventParser(1 << 20);
        Set<String> bad = new HashSet<>();
        Map<String, Event> events = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = written.get(i).get();
            String origin = m.partition() + "/" + m.offset();
            try {
                events.put(origin, parser.parse(records.get(i).value(), m.partition(), m.offset()));
            } catch (InvalidRecord e) {
                bad.add(origin);
            }
        }
        return new Reference(bad, events);
    }

    /**
     * The aggregates of windows of {@code windowMs}, keyed {@code windowStartMs|type}, leaving out
     * the events the job found late (their origins).
     */
    public Map<String, String> aggregatesWithout(Set<String> late, long windowMs) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Double> sums = new HashMap<>();
        eventsByOrigin.forEach(
                (origin, e) -> {
                    if (late.contains(origin)) {
                        return;
                    }
                    String key =
                            (e.timestamp() - Math.floorMod(e.timestamp(), windowMs))
                                    + "|"
                                    + e.eventType();
                    long[] c = counts.computeIfAbsent(key, k -> new long[2]);
                    c[0]++;
                    if (e.hasValue()) {
                        c[1]++;
                        sums.merge(key, e.value(), Double::sum);
                    }
                });
        Map<String, String> result = new TreeMap<>();
        counts.forEach((k, c) -> result.put(k, figures(c[0], c[1], sums.get(k))));
        return result;
    }

    /** The compared figures of one aggregate; sums rounded, as their order of addition varies. */
    static String figures(long count, long valueCount, Double sum) {
        return count
                + "|"
                + valueCount
                + "|"
                + (sum == null ? "null" : String.format(Locale.ROOT, "%.6f", sum));
    }
}
