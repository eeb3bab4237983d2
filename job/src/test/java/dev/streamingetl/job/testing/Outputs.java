package dev.streamingetl.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads what a job wrote, keyed as {@link Reference} computes it, failing on any duplicate: lake
 * rows (through DuckDB), analytics records and dead letters (committed records only).
 */
public final class Outputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outputs() {}

    /** The dead letters by origin, split into late events and rejected records. */
    public record DeadLetters(List<String> rejected, Set<String> late) {}

    public static DeadLetters deadLetters(String bootstrap, String topic) throws IOException {
        List<String> rejected = new ArrayList<>();
        Set<String> late = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readCommitted(bootstrap, topic)) {
            JsonNode d = JSON.readTree(r.value());
            String origin =
                    d.get("source_partition").asInt() + "/" + d.get("source_offset").asLong();
            if (d.get("reason").asText().equals("late_event")) {
                assertThat(late.add(origin))
                        .as("late event %s dead-lettered once", origin)
                        .isTrue();
            } else {
                rejected.add(origin);
            }
        }
        return new DeadLetters(rejected, late);
    }

    public static Map<String, String> lake(Path lake) throws Exception {
        Map<String, String> rows = new HashMap<>();
        for (String row :
                Lake.rows(
                        lake,
                        "SELECT epoch_ms(window_start), event_type, event_count, value_count, value_sum FROM {lake}")) {
            String[] c = row.split("\\|");
            String key = c[0] + "|" + c[1];
            String value =
                    Reference.figures(
                            Long.parseLong(c[2]),
                            Long.parseLong(c[3]),
                            c[4].equals("null") ? null : Double.valueOf(c[4]));
            assertThat(rows.put(key, value)).as("one lake row for %s", key).isNull();
        }
        return rows;
    }

    /** The aggregate rows of an Iceberg table's current snapshot, read with Iceberg's own API. */
    public static Map<String, String> lake(org.apache.iceberg.Table table) throws IOException {
        Map<String, String> rows = new HashMap<>();
        for (org.apache.iceberg.data.Record r : IcebergLakes.read(table)) {
            String key = IcebergLakes.millis(r, "window_start") + "|" + r.getField("event_type");
            String value =
                    Reference.figures(
                            (Long) r.getField("event_count"),
                            (Long) r.getField("value_count"),
                            (Double) r.getField("value_sum"));
            assertThat(rows.put(key, value)).as("one lake row for %s", key).isNull();
        }
        return rows;
    }

    public static Map<String, String> analytics(String bootstrap, String topic) {
        Map<String, String> rows = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readCommitted(bootstrap, topic)) {
            JsonNode a;
            try {
                a = JSON.readTree(r.value());
            } catch (IOException e) {
                throw new AssertionError("unreadable aggregate", e);
            }
            String key =
                    Instant.parse(a.get("window_start").asText()).toEpochMilli()
                            + "|"
                            + a.get("event_type").asText();
            JsonNode sum = a.get("value_sum");
            String value =
                    Reference.figures(
                            a.get("event_count").asLong(),
                            a.get("value_count").asLong(),
                            sum.isNull() ? null : sum.asDouble());
            assertThat(rows.put(key, value)).as("one analytics record for %s", key).isNull();
        }
        return rows;
    }
}
