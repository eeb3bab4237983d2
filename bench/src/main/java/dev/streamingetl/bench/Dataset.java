package dev.streamingetl.bench;

import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.tools.EventGenerator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input, written once and read by every contender: contract events from the
 * generator (lz4-compressed, with bad records), 100,000 events per second of event time, then one
 * event an hour later in every partition that closes every window for every engine. Also the
 * reference: the count of valid events per window and type, computed with the job's parser.
 */
record Dataset(
        String topic, int partitions, long events, long bytes, Map<String, Long> expectedCounts) {

    static final long WINDOW_MS = 10_000;
    private static final long T0 = 1_795_514_400_000L; // 2026-11-24T10:00:00Z
    private static final int EVENTS_PER_MS = 100;

    static Dataset preload(
            String bootstrap,
            String topic,
            int partitions,
            long events,
            double badRatio,
            long seed) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
        EventGenerator generator = new EventGenerator(20, 100_000, badRatio, 0, seed);
        EventParser parser = new EventParser(1 << 20);
        Map<String, Long> counts = new TreeMap<>();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < events; i++) {
                EventGenerator.Record r = generator.next(T0 + i / EVENTS_PER_MS);
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
                if (r.value() != null) {
                    bytes += r.value().length;
                }
                try {
                    Event e = parser.parse(r.value(), 0, i);
                    counts.merge(
                            key(e.timestamp() - e.timestamp() % WINDOW_MS, e.eventType()),
                            1L,
                            Long::sum);
                } catch (InvalidRecord bad) {
                    // A dead letter for every contender; no count.
                }
            }
            producer.flush();
        }
        Dataset data = new Dataset(topic, partitions, events, bytes, counts);
        writeEndMarkers(bootstrap, topic, partitions, data);
        return data;
    }

    /**
     * Writes, to each of the {@code partitions} of {@code topic}, events an hour after the data, of
     * types that land in every partition when re-keyed by type: they close every window.
     */
    static void writeEndMarkers(String bootstrap, String topic, int partitions, Dataset data) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long end = T0 + data.events() / EVENTS_PER_MS + 3_600_000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (String type : markerTypes(data.partitions())) {
                for (int p = 0; p < partitions; p++) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    p,
                                    null,
                                    ("{\"event_id\":\"end\",\"event_type\":\""
                                                    + type
                                                    + "\",\"user_id\":\"x\",\"ts\":"
                                                    + end
                                                    + "}")
                                            .getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /** Whether consumer group {@code group} has committed the end of every partition of topic. */
    static boolean consumed(String bootstrap, String topic, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream()
                    .filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return false;
            }
            var end = admin.listOffsets(latest).all().get();
            return end.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()).offset() >= e.getValue().offset());
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * End-marker types whose keys land in every partition when re-keyed by type, so that an engine
     * that keeps time per partition of its shuffle (Kafka Streams) also sees every window close.
     */
    static java.util.List<String> markerTypes(int partitions) {
        java.util.Set<Integer> covered = new java.util.HashSet<>();
        java.util.List<String> types = new java.util.ArrayList<>();
        for (int n = 0; covered.size() < partitions; n++) {
            String type = "end_marker_" + n;
            int partition =
                    org.apache.kafka.common.utils.Utils.toPositive(
                                    org.apache.kafka.common.utils.Utils.murmur2(
                                            type.getBytes(StandardCharsets.UTF_8)))
                            % partitions;
            if (covered.add(partition)) {
                types.add(type);
            }
        }
        return types;
    }

    static String key(long windowStart, String eventType) {
        return windowStart + "|" + eventType;
    }
}
