package dev.streamingetl.job.testing;

import dev.streamingetl.tools.EventGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes and reads test topics on the local broker; reads see committed transactions only. */
public final class KafkaTopics {

    private KafkaTopics() {}

    /** Writes the values, in order, to one partition (null values are tombstones). */
    public static void write(String topic, int partition, List<byte[]> values) {
        write(LocalKafkaExtension.bootstrapServers(), topic, partition, values);
    }

    /** As {@link #write(String, int, List)}, to any broker; returns once all are acknowledged. */
    public static void write(String bootstrap, String topic, int partition, List<byte[]> values) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = inOrderProducer(bootstrap)) {
            for (byte[] value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, null, value)));
            }
            producer.flush();
        }
        for (var s : sent) {
            try {
                s.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("writing to " + topic + " failed", e.getCause());
            }
        }
    }

    /**
     * Writes the generator's records, round-robin over partitions for unkeyed ones, as a producer
     * would, and waits until every one is acknowledged.
     */
    public static void write(String topic, List<EventGenerator.Record> records) throws Exception {
        writeInOrder(LocalKafkaExtension.bootstrapServers(), topic, records);
    }

    /**
     * Writes the generator's records to any broker in order ({@link #inOrderProducer}); returns the
     * sends' results, every one acknowledged.
     */
    public static List<Future<RecordMetadata>> writeInOrder(
            String bootstrap, String topic, List<EventGenerator.Record> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = inOrderProducer(bootstrap)) {
            for (var r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            producer.flush();
        }
        for (var s : sent) {
            s.get();
        }
        return sent;
    }

    /**
     * Writes one contract event at {@code eventTime} to every partition: an event an hour ahead of
     * a stream closes all of its windows (a stop --drain on idle sources does not fire them). One
     * marker alone would need the other partitions to fall idle first, and a partition that falls
     * idle with them holds no watermark. The markers are valid events with {@code event_id} "end";
     * their own window stays open.
     */
    public static void writeEndMarkers(
            String bootstrap, String topic, int partitions, long eventTime) {
        byte[] marker =
                ("{\"event_id\":\"end\",\"event_type\":\"end_marker\",\"user_id\":\"x\",\"ts\":"
                                + eventTime
                                + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int partition = 0; partition < partitions; partition++) {
            write(bootstrap, topic, partition, List.of(marker));
        }
    }

    /**
     * Writes the generator's records to any broker at one record per {@code nanosPerRecord}, so
     * that failures can happen while data flows; {@code written} receives each send's result, in
     * order. Survives a broker outage of a few minutes.
     */
    public static void writePaced(
            String bootstrap,
            String topic,
            List<dev.streamingetl.tools.EventGenerator.Record> records,
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>>
                    written,
            long nanosPerRecord) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records.size(); i++) {
                var r = records.get(i);
                synchronized (written) {
                    written.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        start + i * nanosPerRecord - System.nanoTime());
            }
            producer.flush();
        }
    }

    /**
     * Waits until {@code group} has committed (as a job does on each checkpoint) offsets at the
     * current end of every partition of {@code topic}.
     */
    public static void awaitGroupAtEnd(
            String bootstrap, String topic, String group, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
            for (int p = 0; p < partitions; p++) {
                latest.put(
                        new TopicPartition(topic, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var end = admin.listOffsets(latest).all().get();
            Await.until(
                    group + " to commit the end offsets of every partition of " + topic,
                    timeout,
                    () -> {
                        try {
                            var committed =
                                    admin.listConsumerGroupOffsets(group)
                                            .partitionsToOffsetAndMetadata()
                                            .get();
                            return end.entrySet().stream()
                                    .allMatch(
                                            e ->
                                                    committed.get(e.getKey()) != null
                                                            && committed.get(e.getKey()).offset()
                                                                    >= e.getValue().offset());
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
    }

    /**
     * Reads committed records of the topic until {@code done} accepts all read so far, or fails
     * after {@code timeout}: for jobs that never finish by themselves.
     */
    public static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(
            String topic,
            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                committedConsumer(LocalKafkaExtension.bootstrapServers())) {
            fromTheStart(consumer, topic);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "after "
                                    + timeout.toSeconds()
                                    + " s, "
                                    + topic
                                    + " holds only "
                                    + records.size()
                                    + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Every committed record of the topic on the shared broker, partition by partition in offset
     * order.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return readCommitted(LocalKafkaExtension.bootstrapServers(), topic);
    }

    /** Every committed record of the topic, partition by partition in offset order. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(bootstrap)) {
            List<TopicPartition> partitions = fromTheStart(consumer, topic);
            Map<TopicPartition, Long> end = stableEnd(bootstrap, consumer, partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " up to " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(
                    java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(
                                    ConsumerRecord::partition)
                            .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /** Each partition's first offset: above 0 once the broker has deleted records of it. */
    public static Map<Integer, Long> firstOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(bootstrap)) {
            List<TopicPartition> partitions = fromTheStart(consumer, topic);
            Map<Integer, Long> first = new java.util.TreeMap<>();
            consumer.beginningOffsets(partitions).forEach((tp, o) -> first.put(tp.partition(), o));
            return first;
        }
    }

    /**
     * The last stable offsets (read_committed's end offsets) once they have caught up with the
     * logs' ends: a producer's commit returns before the broker has written the commit markers that
     * make its records readable, so a read right after a job ends could otherwise see none. A
     * transaction still open after 10 s (a killed job's) stays unread.
     */
    private static Map<TopicPartition, Long> stableEnd(
            String bootstrap,
            KafkaConsumer<byte[], byte[]> committed,
            List<TopicPartition> partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> uncommitted =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
            while (!stable.equals(uncommitted.endOffsets(partitions))
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                stable = committed.endOffsets(partitions);
            }
            return stable;
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedConsumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    private static List<TopicPartition> fromTheStart(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /**
     * A producer that keeps the order by sending one request at a time, without idempotence: a
     * young topic once answered an idempotent producer's first batch with NOT_LEADER_OR_FOLLOWER
     * and every later one with OUT_OF_ORDER_SEQUENCE_NUMBER until the batches expired.
     */
    private static KafkaProducer<byte[], byte[]> inOrderProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
