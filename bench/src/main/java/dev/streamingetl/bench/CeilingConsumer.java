package dev.streamingetl.bench;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: one plain consumer thread that reads every record of the topic and discards it. No
 * job that reads the topic can be faster on the same machine.
 */
public final class CeilingConsumer {

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        long[] totals = new long[2];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicReader.readAll(
                    consumer,
                    topic,
                    r -> {
                        totals[0]++;
                        totals[1] += r.value() == null ? 0 : r.value().length;
                    });
        }
        System.out.println("ceiling: read " + totals[0] + " records, " + totals[1] + " bytes");
    }
}
