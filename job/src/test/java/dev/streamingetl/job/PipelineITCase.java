package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Lake;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Tests for {@link Pipeline}: a fixed dataset with out-of-order, late and bad records goes through
 * the real broker and a Flink MiniCluster, and the lake (read with DuckDB), the analytics topic and
 * the dead-letter topic hold exactly what the contract says.
 */
@ExtendWith(LocalKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2026-11-24T10:00:00Z: windows of 10 s start at T0 + 0, 10, 20 s. */
    static final long T0 = 1_795_514_400_000L;

    /**
     * What the lake must hold, ordered by window and group: window start and end in epoch
     * milliseconds, the group, then the value columns in order.
     */
    static final List<String> AGGREGATES =
            List.of(
                    T0 + "|" + (T0 + 10_000) + "|click|2|2|0|null|null|null|null|null|null|null",
                    T0
                            + "|"
                            + (T0 + 10_000)
                            + "|page_view|3|3|3|70.0|10.0|40.0|23.333333333333332|20.0|40.0|40.0",
                    (T0 + 10_000)
                            + "|"
                            + (T0 + 20_000)
                            + "|page_view|2|2|2|80.0|30.0|50.0|40.0|30.0|50.0|50.0",
                    (T0 + 20_000)
                            + "|"
                            + (T0 + 30_000)
                            + "|click|2|2|1|7.0|7.0|7.0|7.0|7.0|7.0|7.0");

    Path dir;

    final List<String> input = new ArrayList<>();

    private String topic;

    /** The topic of this variant of the test; its DLQ and analytics topics are named after it. */
    String topic() {
        return "pipeline_events";
    }

    /** Flags that place the lake and the checkpoints; by default in the test's folder. */
    List<String> storageFlags() throws Exception {
        return List.of();
    }

    /** The lake as local files for DuckDB, after the run. */
    Path lake() throws Exception {
        return dir.resolve("lake");
    }

    @BeforeAll
    void runPipelineOnFixedDataset(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        topic = topic();
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 1, topic + "_dlq", 1, topic + "_agg", 2));
        String big = "x".repeat(3000);
        Stream.of(
                        /* 0 */ event("e0", "page_view", "u1", ts(1_000), "10"),
                        /* 1 */ event("e1", "page_view", "u2", ts(2_000), "20"),
                        /* 2 */ event("e2", "click", "u1", ts(3_000), null),
                        /* 3 */ event("e3", "page_view", "u1", ts(12_000), "30"),
                        /* 4 out of order, same window as e0; type needs trimming and lower-casing */
                        event("e4", "  Page_VIEW ", "u3", ts(4_000), "40"),
                        /* 5 ISO time in UTC, explicit null value */
                        event("e5", "click", "u2", "\"2026-11-24T10:00:05.500Z\"", "null"),
                        /* 6 */ "{\"event_id\":\"e6\",\"event_type\":",
                        /* 7 */ "[1,2,3]",
                        /* 8 */ "{\"event_id\":\"e8\",\"event_type\":\"click\",\"ts\":"
                                + ts(6_000)
                                + "}",
                        /* 9 */ event("e9", "click", "u1", ts(6_000), "\"abc\""),
                        /* 10 */ null,
                        /* 11 moves the watermark to T0+10999: window [0,10) closes */
                        event("e11", "page_view", "u4", ts(16_000), "50"),
                        /* 12 late for the closed window */
                        event("e12", "page_view", "u5", ts(9_000), "60"),
                        /* 13 ISO time with an offset: T0+21 s */
                        event("e13", "click", "u3", "\"2026-11-24T11:00:21+01:00\"", null),
                        /* 14 */ event("e14", "click", "u3", ts(21_000), null)
                                .replace("}", ",\"pad\":\"" + big + "\"}"),
                        /* 15 */ event("e15", "click", "u3", ts(21_000), "1e400"),
                        /* 16 */ event("e16", "click", "u3", "-5", null),
                        /* 17 */ event("e17", "bad type!", "u3", ts(21_000), null),
                        /* 18 unknown fields and properties are ignored */
                        event("e18", "click", "u4", ts(22_000), "7")
                                .replace(
                                        "}",
                                        ",\"properties\":{\"a\":[1,{\"b\":2}]},\"extra\":true}"))
                .forEach(input::add);
        KafkaTopics.write(
                topic,
                0,
                input.stream()
                        .map(s -> s == null ? null : s.getBytes(StandardCharsets.UTF_8))
                        .collect(Collectors.toList()));

        List<String> flags =
                new ArrayList<>(
                        List.of(
                                "--checkpoint-interval",
                                "1s",
                                "--max-record-bytes",
                                "2000",
                                "--parallelism",
                                "1",
                                "--bounded"));
        flags.addAll(storageFlags());
        JobConfig config = TestJobs.config(topic, dir, flags.toArray(String[]::new));
        TestJobs.run(config, "pipeline-it");
    }

    @Test
    void lakeHoldsExactlyTheExpectedAggregates() throws Exception {
        List<String> rows =
                Lake.rows(
                        lake(),
                        "SELECT epoch_ms(window_start), epoch_ms(window_end), event_type, event_count, unique_users,"
                                + " value_count, value_sum, value_min, value_max, value_avg, value_p50, value_p95, value_p99,"
                                + " dt, hour, epoch_ms(emitted_at) > 0 FROM {lake} ORDER BY 1, 3");
        assertThat(rows)
                .containsExactlyElementsOf(
                        AGGREGATES.stream().map(r -> r + "|2026-11-24|10|true").toList());
    }

    @Test
    void lakeFilesHaveTheContractSchemaAndNoUnfinishedFiles() throws Exception {
        Path lake = lake();
        try (Stream<Path> files = Files.walk(lake)) {
            List<String> names =
                    files.filter(Files::isRegularFile)
                            .map(p -> lake.relativize(p).toString())
                            .collect(Collectors.toList());
            assertThat(names)
                    .isNotEmpty()
                    .allMatch(
                            n ->
                                    n.matches(
                                            "event_type=[a-z_]+/dt=2026-11-24/hour=10/(part-[^/]+\\.parquet|_SUCCESS)"),
                            "committed Parquet part files and completion marks only")
                    .contains(
                            "event_type=click/dt=2026-11-24/hour=10/_SUCCESS",
                            "event_type=page_view/dt=2026-11-24/hour=10/_SUCCESS");
        }
        List<String> columns =
                Lake.rows(
                        lake,
                        "SELECT name || ' ' || type || ' ' || repetition_type FROM parquet_schema({files})"
                                + " WHERE name <> 'window_aggregate' LIMIT 14");
        assertThat(columns)
                .containsExactly(
                        "window_start INT64 REQUIRED",
                        "window_end INT64 REQUIRED",
                        "event_type BYTE_ARRAY REQUIRED",
                        "event_count INT64 REQUIRED",
                        "unique_users INT64 REQUIRED",
                        "value_count INT64 REQUIRED",
                        "value_sum DOUBLE OPTIONAL",
                        "value_min DOUBLE OPTIONAL",
                        "value_max DOUBLE OPTIONAL",
                        "value_avg DOUBLE OPTIONAL",
                        "value_p50 DOUBLE OPTIONAL",
                        "value_p95 DOUBLE OPTIONAL",
                        "value_p99 DOUBLE OPTIONAL",
                        "emitted_at INT64 REQUIRED");
        assertThat(Lake.rows(lake, "SELECT DISTINCT compression FROM parquet_metadata({files})"))
                .containsExactly("SNAPPY");
    }

    @Test
    void analyticsTopicHoldsTheSameAggregatesAsJsonKeyedByType() throws Exception {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readCommitted(topic + "_agg")) {
            JsonNode a = JSON.readTree(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(a.get("event_type").asText());
            assertThat(a.get("emitted_at").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            rows.add(
                    a.get("window_start").asText()
                            + "|"
                            + a.get("window_end").asText()
                            + "|"
                            + a.get("event_type").asText()
                            + "|"
                            + a.get("event_count")
                            + "|"
                            + a.get("unique_users")
                            + "|"
                            + a.get("value_count")
                            + "|"
                            + a.get("value_sum")
                            + "|"
                            + a.get("value_min")
                            + "|"
                            + a.get("value_max")
                            + "|"
                            + a.get("value_avg")
                            + "|"
                            + a.get("value_p50")
                            + "|"
                            + a.get("value_p95")
                            + "|"
                            + a.get("value_p99"));
        }
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "2026-11-24T10:00:00.000Z|2026-11-24T10:00:10.000Z|click|2|2|0|null|null|null|null|null|null|null",
                        "2026-11-24T10:00:00.000Z|2026-11-24T10:00:10.000Z|page_view|3|3|3|70.0|10.0|40.0|23.333333333333332|20.0|40.0|40.0",
                        "2026-11-24T10:00:10.000Z|2026-11-24T10:00:20.000Z|page_view|2|2|2|80.0|30.0|50.0|40.0|30.0|50.0|50.0",
                        "2026-11-24T10:00:20.000Z|2026-11-24T10:00:30.000Z|click|2|2|1|7.0|7.0|7.0|7.0|7.0|7.0|7.0");
    }

    @Test
    void deadLetterTopicHoldsEveryRejectedRecordOnceWithItsReasonAndOrigin() throws Exception {
        List<String> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readCommitted(topic + "_dlq")) {
            JsonNode d = JSON.readTree(record.value());
            int offset = d.get("source_offset").asInt();
            String raw = input.get(offset);
            assertThat(d.get("source_topic").asText()).isEqualTo(topic);
            assertThat(d.get("source_partition").asInt()).isZero();
            assertThat(d.get("raw").isNull() ? null : d.get("raw").asText())
                    .isEqualTo(
                            raw == null ? null : raw.substring(0, Math.min(raw.length(), 65536)));
            assertThat(d.get("rejected_at").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            rows.add(offset + " " + d.get("reason").asText() + ": " + d.get("detail").asText());
        }
        rows.sort(
                java.util.Comparator.comparingInt(
                        r -> Integer.parseInt(r.substring(0, r.indexOf(' ')))));
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0)).startsWith("6 malformed_json: ");
        assertThat(rows.get(1))
                .isEqualTo("7 not_an_object: record is an array, expected a JSON object");
        assertThat(rows.get(2)).isEqualTo("8 missing_field: missing required field user_id");
        assertThat(rows.get(3))
                .isEqualTo("9 invalid_field: value must be a number or null, not a string");
        assertThat(rows.get(4)).isEqualTo("10 empty_record: record value is null (a tombstone)");
        assertThat(rows.get(5)).startsWith("12 late_event: ts " + ts(9_000));
        assertThat(rows.get(6))
                .startsWith("14 oversized_record: record value is ")
                .endsWith("above the limit of 2000 (--max-record-bytes)");
        assertThat(rows.get(7)).isEqualTo("15 invalid_field: value 1e400 is not a finite number");
        assertThat(rows.get(8))
                .isEqualTo("16 invalid_field: ts -5 is outside 1970-01-01..9999-12-31");
        assertThat(rows.get(9)).startsWith("17 invalid_field: event_type 'bad type!' must match");
    }

    private static String ts(long offsetMs) {
        return Long.toString(T0 + offsetMs);
    }

    private static String event(String id, String type, String user, String ts, String value) {
        return "{\"event_id\":\""
                + id
                + "\",\"event_type\":\""
                + type
                + "\",\"user_id\":\""
                + user
                + "\",\"ts\":"
                + ts
                + (value == null ? "" : ",\"value\":" + value)
                + "}";
    }
}
