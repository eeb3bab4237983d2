package dev.streamingetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The event count per window and type that a contender committed to its output topic. */
final class OutputCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputCounts() {}

    /** Every committed aggregate of {@code topic}; a window and type seen twice is summed. */
    static Map<String, Long> read(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicReader.readAll(
                    consumer,
                    topic,
                    r -> {
                        JsonNode a;
                        try {
                            a = JSON.readTree(r.value());
                        } catch (IOException e) {
                            throw new IllegalStateException("unreadable aggregate on " + topic, e);
                        }
                        String type = a.get("event_type").asText();
                        if (!type.startsWith("end_marker")) {
                            counts.merge(
                                    Dataset.key(
                                            Instant.parse(a.get("window_start").asText())
                                                    .toEpochMilli(),
                                            type),
                                    a.get("event_count").asLong(),
                                    Long::sum);
                        }
                    });
        }
        return counts;
    }
}
