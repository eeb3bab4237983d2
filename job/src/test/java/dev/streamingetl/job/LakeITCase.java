package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Lake;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake as analysts see it, over four and a half simulated hours of events run through the real
 * broker and a MiniCluster with the default flush interval and the raw table on: one file per
 * complete partition, {@code _SUCCESS} in exactly the hours the watermark has closed, a late event
 * that reaches the dead-letter topic and not a closed partition, a raw table holding every valid
 * event, and aggregates that DuckDB recomputes from it. The DuckDB queries of docs/lake.md run here
 * too.
 */
@ExtendWith(LocalKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    /** 2026-11-24T10:00:00Z. */
    private static final long T0 = 1_795_514_400_000L;

    private static final List<String> TYPES = List.of("click", "page_view", "purchase");

    /** One event per second of event time, from 10:00 to 14:30. */
    private static final int EVENTS = 16_200;

    private static final String TOPIC = "lake_events";

    private Path dir;
    private Path lake;
    private Path raw;
    private String lateEvent;

    @BeforeAll
    void runUntilFourHoursAreClosed(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lake = dir.resolve("lake");
        raw = dir.resolve("raw");
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(TOPIC, 2, TOPIC + "_dlq", 1, TOPIC + "_agg", 1));
        List<List<byte[]>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < EVENTS; i++) {
            partitions.get(i % 2).add(bytes(event(i)));
            if (i % 1000 == 0) {
                partitions.get(i % 2).add(bytes("{\"event_id\":\"broken-" + i));
            }
        }
        KafkaTopics.write(TOPIC, 0, partitions.get(0));
        KafkaTopics.write(TOPIC, 1, partitions.get(1));

        JobConfig config =
                TestJobs.config(
                        TOPIC,
                        dir,
                        "--starting-offsets",
                        "earliest",
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "2",
                        "--raw-output-path",
                        raw.toString());
        JobClient job = TestJobs.start(config, "lake-it");
        try {
            Await.until(
                    "_SUCCESS in every partition of hour 13",
                    Duration.ofSeconds(120),
                    () -> TYPES.stream().allMatch(t -> Files.exists(success(t, 13))));
            KafkaTopics.awaitGroupAtEnd(
                    LocalKafkaExtension.bootstrapServers(), TOPIC, TOPIC, Duration.ofSeconds(60));

            // 10:30 of a closed hour: too late for its window, and for its partition.
            lateEvent = event(1800).replace("\"e-1800\"", "\"late-1\"");
            KafkaTopics.write(TOPIC, 0, List.of(bytes(lateEvent)));
            KafkaTopics.awaitCommitted(
                    TOPIC + "_dlq",
                    r -> r.stream().anyMatch(d -> new String(d.value()).contains("late_event")),
                    Duration.ofSeconds(60));
            Await.until(
                    "every valid event in the raw table",
                    Duration.ofSeconds(60),
                    () -> rawCount() == EVENTS + 1);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void eachCompletePartitionHasOneFileAndItsSuccessMarkAndTheOpenHourNothingYet()
            throws Exception {
        Map<String, Integer> files = new TreeMap<>();
        Set<String> marked = new TreeSet<>();
        try (Stream<Path> all = Files.walk(lake)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String partition = lake.relativize(f.getParent()).toString();
                String name = f.getFileName().toString();
                if (name.equals("_SUCCESS")) {
                    marked.add(partition);
                } else {
                    assertThat(name)
                            .as("committed Parquet files only")
                            .matches("part-.+\\.parquet");
                    files.merge(partition, 1, Integer::sum);
                }
            }
        }
        System.out.println("lake files per partition: " + files);
        Set<String> closedHours = new TreeSet<>();
        for (String type : TYPES) {
            for (int hour = 10; hour <= 13; hour++) {
                closedHours.add(partition(type, hour));
            }
        }
        assertThat(marked).isEqualTo(closedHours);
        // Rows of the open hour 14 are held until it closes or the 15 min flush interval passes.
        assertThat(files.keySet()).isEqualTo(closedHours);
        assertThat(files.values()).allMatch(n -> n == 1, "one file per partition");
    }

    @Test
    void theLateEventWentToTheDeadLetterTopicAndItsClosedHourIsUnchanged() throws Exception {
        var deadLetters =
                Outputs.deadLetters(LocalKafkaExtension.bootstrapServers(), TOPIC + "_dlq");
        assertThat(deadLetters.late()).hasSize(1);
        assertThat(deadLetters.rejected()).hasSize(EVENTS / 1000 + 1);
        assertThat(
                        Lake.rows(
                                lake,
                                "SELECT sum(event_count) FROM {lake} WHERE event_type = 'click' AND hour = 10"))
                .containsExactly(String.valueOf(expectedCount("click", 10)));
    }

    @Test
    void theRawTableHoldsEveryValidEventWithItsPropertiesAsZstdParquet() throws Exception {
        assertThat(rawCount()).isEqualTo(EVENTS + 1);
        assertThat(
                        Lake.rows(
                                raw,
                                "SELECT event_id, event_type, epoch_ms(ts), value, properties->>'$.page',"
                                        + " properties->'$.tags'->>'$[1].n', dt, hour FROM {lake}"
                                        + " WHERE event_id IN ('e-7', 'e-8') ORDER BY 1"))
                .containsExactly(
                        "e-7|page_view|" + (T0 + 7_000) + "|7.5|/p/7|7|2026-11-24|10",
                        "e-8|purchase|" + (T0 + 8_000) + "|null|null|null|2026-11-24|10");
        assertThat(
                        Lake.rows(
                                raw,
                                "SELECT name || ' ' || type || ' ' || repetition_type || ' ' || coalesce(logical_type, '')"
                                        + " FROM parquet_schema({files}) WHERE name <> 'raw_event' LIMIT 8"))
                .containsExactly(
                        "event_id BYTE_ARRAY REQUIRED StringType()",
                        "event_type BYTE_ARRAY REQUIRED StringType()",
                        "user_id BYTE_ARRAY REQUIRED StringType()",
                        "ts INT64 REQUIRED TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=MilliSeconds(), MICROS=<null>, NANOS=<null>))",
                        "value DOUBLE OPTIONAL ",
                        "properties BYTE_ARRAY OPTIONAL JsonType()",
                        "source_partition INT32 REQUIRED ",
                        "source_offset INT64 REQUIRED ");
        assertThat(Lake.rows(raw, "SELECT DISTINCT compression FROM parquet_metadata({files})"))
                .containsExactly("ZSTD");
    }

    @Test
    void aggregatesRecomputedFromTheRawTableEqualTheAggregateTable() throws Exception {
        String onTimeRaw =
                "(SELECT * FROM " + Lake.table(raw) + " WHERE event_id <> 'late-1' AND hour < 14)";
        List<String> recomputed =
                Lake.query(
                        "SELECT epoch_ms(ts) // 10000 * 10000 AS w, event_type, count(*),"
                                + " count(value), round(sum(value), 6) FROM "
                                + onTimeRaw
                                + " GROUP BY ALL ORDER BY 1, 2");
        List<String> table =
                Lake.rows(
                        lake,
                        "SELECT epoch_ms(window_start), event_type, event_count, value_count,"
                                + " round(value_sum, 6) FROM {lake} ORDER BY 1, 2");
        assertThat(recomputed).hasSize(4 * 360 * TYPES.size());
        assertThat(table).containsExactlyElementsOf(recomputed);
    }

    @Test
    void theDocumentedDuckDbQueriesRunOnThisLake() throws Exception {
        String readme = Files.readString(Path.of("../docs/lake.md"));
        Matcher block = Pattern.compile("```sql duckdb\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int queries = 0;
        while (block.find()) {
            String sql =
                    block.group(1)
                            .replace("'data/lake/", "'" + lake + "/")
                            .replace("'data/raw/", "'" + raw + "/");
            assertThat(Lake.query(sql)).as("rows of %s", sql).isNotEmpty();
            queries++;
        }
        assertThat(queries).as("DuckDB queries in docs/lake.md").isGreaterThanOrEqualTo(3);
    }

    private long rawCount() {
        try {
            return Long.parseLong(Lake.rows(raw, "SELECT count(*) FROM {lake}").get(0));
        } catch (Exception e) {
            return -1; // no file committed yet
        }
    }

    private static long expectedCount(String type, int hour) {
        long n = 0;
        for (int i = 0; i < EVENTS; i++) {
            if (TYPES.get(i % 3).equals(type) && 10 + i / 3600 == hour) {
                n++;
            }
        }
        return n;
    }

    private Path success(String type, int hour) {
        return lake.resolve(partition(type, hour)).resolve("_SUCCESS");
    }

    private static String partition(String type, int hour) {
        return "event_type=" + type + "/dt=2026-11-24/hour=" + hour;
    }

    /**
     * The i-th event: one per second, types in turn, a value on four events in five, properties on
     * odd ones.
     */
    private static String event(int i) {
        return "{\"event_id\":\"e-"
                + i
                + "\",\"event_type\":\""
                + TYPES.get(i % 3)
                + "\",\"user_id\":\"u-"
                + (i * 7 % 500)
                + "\",\"ts\":"
                + (T0 + i * 1000L)
                + (i % 5 == 3 ? "" : ",\"value\":" + (i % 97 + 0.5))
                + (i % 2 == 1
                        ? ",\"properties\":{\"page\":\"/p/"
                                + i % 10
                                + "\",\"tags\":[\"a\",{\"n\":"
                                + i
                                + "}]}"
                        : "")
                + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
