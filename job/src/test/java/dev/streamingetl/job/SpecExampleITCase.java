package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Lake;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An example spec of {@code pipelines/} end to end: events made here (valid ones of the spec's
 * shape, a share of bad ones of known reasons and of late ones) go through the real broker and a
 * MiniCluster with {@code --pipeline}, and the analytics topic ({@code read_committed}), the lake
 * (DuckDB) and the dead-letter topic hold exactly what this test computes on its own from the
 * events it wrote.
 */
@ExtendWith(LocalKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpecExampleITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.twoSlotCluster();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2026-11-24T10:00:00Z. */
    static final long T0 = 1_795_514_400_000L;

    static final int EVENTS = 3_000;

    /** Event time between two events: 3,000 of them span 25 minutes. */
    static final long STEP_MS = 500;

    /** What the test knows of an event it made: valid (with its values), or the reason it fails. */
    record Made(String json, Valid valid, String reason) {}

    /** A valid event's group values, distinct value and measure values (null: absent). */
    record Valid(long time, List<String> group, String distinct, Map<String, Double> measures) {}

    abstract String spec();

    abstract long windowMs();

    abstract List<String> groupColumns();

    abstract String distinctColumn();

    /** Measure field to its aggregates, in the spec's order. */
    abstract Map<String, List<String>> measures();

    abstract List<String> partitionBy();

    /** Event {@code n} at {@code time}: valid, or bad in some way the spec rejects. */
    abstract Made make(SplittableRandom random, long n, long time);

    Path dir;
    String topic;
    final List<Made> made = new ArrayList<>();
    final Set<Integer> late = new HashSet<>();

    @BeforeAll
    void runTheExample(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        topic = getClass().getSimpleName().toLowerCase();
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 2));
        SplittableRandom random = new SplittableRandom(42);
        List<byte[]> partition0 = new ArrayList<>();
        List<byte[]> partition1 = new ArrayList<>();
        for (int n = 0; n < EVENTS; n++) {
            long time = T0 + n * STEP_MS + random.nextLong(1_000);
            // After 15 minutes, one event in 40 is 10 minutes behind: its window has long closed.
            boolean isLate = n * STEP_MS > 15 * 60_000 && n % 40 == 0;
            Made m = make(random, n, isLate ? time - 10 * 60_000 : time);
            if (isLate && m.valid() != null) {
                late.add(n);
            }
            made.add(m);
            (n % 2 == 0 ? partition0 : partition1).add(m.json().getBytes(StandardCharsets.UTF_8));
        }
        KafkaTopics.write(topic, 0, partition0);
        KafkaTopics.write(topic, 1, partition1);
        TestJobs.run(
                TestJobs.config(
                        topic,
                        dir,
                        "--pipeline",
                        Path.of("..", "pipelines", spec()).toString(),
                        "--raw-output-path",
                        dir.resolve("raw").toString(),
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--bounded"),
                topic);
    }

    /** The aggregates the spec asks for, computed here: window start and group to columns. */
    Map<String, Map<String, Object>> reference() {
        Map<String, List<Valid>> byWindowAndGroup = new TreeMap<>();
        for (int n = 0; n < made.size(); n++) {
            Valid v = made.get(n).valid();
            if (v != null && !late.contains(n)) {
                long start = v.time() - Math.floorMod(v.time(), windowMs());
                byWindowAndGroup
                        .computeIfAbsent(
                                start + "|" + String.join("|", v.group()), k -> new ArrayList<>())
                        .add(v);
            }
        }
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        byWindowAndGroup.forEach(
                (key, events) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("event_count", (long) events.size());
                    row.put(
                            distinctColumn(),
                            (long) events.stream().map(Valid::distinct).distinct().count());
                    measures()
                            .forEach(
                                    (field, aggregates) -> {
                                        double[] values =
                                                events.stream()
                                                        .map(e -> e.measures().get(field))
                                                        .filter(x -> x != null)
                                                        .mapToDouble(Double::doubleValue)
                                                        .sorted()
                                                        .toArray();
                                        for (String a : aggregates) {
                                            row.put(field + "_" + a, aggregate(a, values));
                                        }
                                    });
                    rows.put(key, row);
                });
        return rows;
    }

    private static Object aggregate(String aggregate, double[] sorted) {
        if (aggregate.equals("count")) {
            return (long) sorted.length;
        }
        if (sorted.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return switch (aggregate) {
            case "sum" -> sum;
            case "min" -> sorted[0];
            case "max" -> sorted[sorted.length - 1];
            case "avg" -> sum / sorted.length;
            default -> {
                // A rank q quantile: the smallest value with at least q of the values at or below
                // it (fewer values than the sketch's k: it holds them all).
                double q = Double.parseDouble("0." + aggregate.substring(1));
                yield sorted[(int) Math.ceil(q * sorted.length) - 1];
            }
        };
    }

    @Test
    void theAnalyticsTopicHoldsExactlyTheReferenceAggregates() throws Exception {
        Map<String, Map<String, Object>> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readCommitted(topic + "_agg")) {
            JsonNode a = JSON.readTree(r.value());
            List<String> group = groupColumns().stream().map(c -> a.get(c).asText()).toList();
            assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(String.join("|", group));
            List<String> names = new ArrayList<>();
            a.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(columns());
            long start = Instant.parse(a.get("window_start").asText()).toEpochMilli();
            assertThat(Instant.parse(a.get("window_end").asText()).toEpochMilli())
                    .isEqualTo(start + windowMs());
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : valueColumns()) {
                JsonNode v = a.get(c);
                row.put(
                        c,
                        v.isNull()
                                ? null
                                : v.isIntegralNumber() ? (Object) v.asLong() : v.asDouble());
            }
            String key = start + "|" + String.join("|", group);
            assertThat(actual.put(key, row)).as("one aggregate for %s", key).isNull();
        }
        assertSame(actual, reference());
    }

    @Test
    void theLakeHoldsExactlyTheReferenceAggregatesInHivePartitions() throws Exception {
        Path lake = dir.resolve("lake");
        List<String> select =
                new ArrayList<>(List.of("epoch_ms(window_start)", "epoch_ms(window_end)"));
        groupColumns().forEach(c -> select.add("\"" + c + "\""));
        valueColumns().forEach(c -> select.add("\"" + c + "\""));
        Map<String, Map<String, Object>> actual = new TreeMap<>();
        for (String line :
                Lake.query(
                        "SELECT "
                                + String.join(", ", select)
                                + " FROM read_parquet('"
                                + lake
                                + "/**/*.parquet', hive_partitioning = false)")) {
            String[] c = line.split("\\|", -1);
            int g = groupColumns().size();
            Map<String, Object> row = new LinkedHashMap<>();
            List<String> values = valueColumns();
            for (int i = 0; i < values.size(); i++) {
                String v = c[2 + g + i];
                row.put(
                        values.get(i),
                        v.equals("null")
                                ? null
                                : v.contains(".") || v.contains("E")
                                        ? (Object) Double.valueOf(v)
                                        : Long.valueOf(v));
            }
            String key = c[0] + "|" + String.join("|", List.of(c).subList(2, 2 + g));
            assertThat(actual.put(key, row)).as("one lake row for %s", key).isNull();
        }
        assertSame(actual, reference());
        try (Stream<Path> files = Files.walk(lake)) {
            List<String> folders =
                    files.filter(p -> p.toString().endsWith(".parquet"))
                            .map(p -> lake.relativize(p.getParent()).toString())
                            .distinct()
                            .toList();
            assertThat(folders).isNotEmpty();
            String pattern =
                    String.join("/", partitionBy().stream().map(p -> p + "=[^/]+").toList())
                            + "/dt=2026-11-24/hour=10";
            assertThat(folders).allMatch(f -> f.matches(pattern), pattern);
        }
    }

    @Test
    void everyRejectedAndLateEventIsADeadLetterWithItsReason() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (int n = 0; n < made.size(); n++) {
            String reason =
                    made.get(n).reason() != null
                            ? made.get(n).reason()
                            : late.contains(n) ? "late_event" : null;
            if (reason != null) {
                expected.put((n % 2) + "/" + (n / 2), reason);
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readCommitted(topic + "_dlq")) {
            JsonNode d = JSON.readTree(r.value());
            String origin =
                    d.get("source_partition").asInt() + "/" + d.get("source_offset").asLong();
            assertThat(actual.put(origin, d.get("reason").asText())).as(origin).isNull();
        }
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theRawTableHoldsEveryValidEventOnce() throws Exception {
        long valid = made.stream().filter(m -> m.valid() != null).count();
        assertThat(
                        Lake.query(
                                "SELECT count(*), count(DISTINCT (source_partition, source_offset)) FROM read_parquet('"
                                        + dir.resolve("raw")
                                        + "/**/*.parquet', hive_partitioning = false)"))
                .containsExactly(valid + "|" + valid);
    }

    List<String> valueColumns() {
        List<String> c = new ArrayList<>(List.of("event_count", distinctColumn()));
        measures().forEach((field, aggregates) -> aggregates.forEach(a -> c.add(field + "_" + a)));
        return c;
    }

    List<String> columns() {
        List<String> c = new ArrayList<>(List.of("window_start", "window_end"));
        c.addAll(groupColumns());
        c.addAll(valueColumns());
        c.add("emitted_at");
        return c;
    }

    private static void assertSame(
            Map<String, Map<String, Object>> actual, Map<String, Map<String, Object>> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach(
                (key, row) ->
                        row.forEach(
                                (column, value) -> {
                                    Object got = actual.get(key).get(column);
                                    if (value instanceof Double d && got instanceof Double g) {
                                        // Sums add in another order across partials.
                                        assertThat(g)
                                                .as(key + " " + column)
                                                .isCloseTo(
                                                        d, within(1e-9 * Math.max(1, Math.abs(d))));
                                    } else {
                                        assertThat(got).as(key + " " + column).isEqualTo(value);
                                    }
                                }));
    }

    static Map<String, Double> measuresOf(Object... fieldAndValue) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < fieldAndValue.length; i += 2) {
            m.put((String) fieldAndValue[i], (Double) fieldAndValue[i + 1]);
        }
        return m;
    }
}
