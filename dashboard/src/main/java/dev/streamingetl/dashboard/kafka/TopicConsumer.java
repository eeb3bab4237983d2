package dev.streamingetl.dashboard.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.dashboard.model.Aggregate;
import dev.streamingetl.dashboard.model.DashboardFeed;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one Kafka consumer of the app, on its own thread: reads the analytics and dead-letter topics
 * ({@code read_committed}) into the {@link DashboardFeed}, however many pages are open. It never
 * throws into the UI: unreadable records are counted, a lost broker is shown and retried.
 */
@Component
public class TopicConsumer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final KafkaProperties kafka;
    private final DashboardFeed feed;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;

    public TopicConsumer(KafkaProperties kafka, DashboardFeed feed) {
        this.kafka = kafka;
        this.feed = feed;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "kafka-topic-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig());
                Admin admin = Admin.create(adminConfig())) {
            consumer = c;
            long nextCheck = 0;
            while (running) {
                if (System.nanoTime() >= nextCheck) {
                    nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
                    checkConnection(admin);
                    assignNewPartitions(c);
                    reportLag(c);
                }
                if (c.assignment().isEmpty()) {
                    waitForTopics();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to end.
        } catch (RuntimeException e) {
            LOG.error("The Kafka consumer stopped: {}", e.toString(), e);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(kafka.analyticsTopic())) {
            try {
                feed.aggregate(Aggregate.parse(record.value()));
            } catch (IllegalArgumentException e) {
                feed.health().skipped(e.getMessage());
            }
        } else {
            try {
                JsonNode d = json.readTree(record.value());
                feed.health()
                        .rejected(
                                Instant.ofEpochMilli(record.timestamp()),
                                d.path("reason").asText("unknown"),
                                d.path("detail").asText(""),
                                d.path("raw").isNull() ? null : d.path("raw").asText(""));
            } catch (IOException e) {
                feed.health()
                        .rejected(
                                Instant.ofEpochMilli(record.timestamp()),
                                "unreadable",
                                "the dead letter itself is not JSON",
                                null);
            }
            feed.changed();
        }
    }

    private void checkConnection(Admin admin) {
        boolean connected;
        try {
            admin.describeCluster().nodes().get(800, TimeUnit.MILLISECONDS);
            connected = true;
        } catch (Exception e) {
            connected = false;
        }
        feed.health().connected(connected);
        feed.changed();
    }

    /** Takes every partition of both topics; on first sight seeks back {@code history}. */
    private void assignNewPartitions(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> all = new ArrayList<>();
        try {
            for (String topic : List.of(kafka.analyticsTopic(), kafka.dlqTopic())) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofMillis(800));
                if (infos != null) {
                    infos.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
                }
            }
        } catch (RuntimeException e) {
            return; // not reachable now; the connection check shows it
        }
        List<TopicPartition> added = new ArrayList<>(all);
        added.removeAll(c.assignment());
        if (added.isEmpty()) {
            return;
        }
        c.assign(all);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - kafka.history().toMillis();
        added.forEach(tp -> since.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets =
                c.offsetsForTimes(since, Duration.ofSeconds(5));
        for (TopicPartition tp : added) {
            OffsetAndTimestamp at = offsets.get(tp);
            if (at != null) {
                c.seek(tp, at.offset());
            } else {
                c.seekToEnd(List.of(tp));
            }
        }
        LOG.info("Reading {} from the last {}", added, kafka.history());
    }

    private void reportLag(KafkaConsumer<byte[], byte[]> c) {
        long lag = 0;
        for (TopicPartition tp : c.assignment()) {
            lag += c.currentLag(tp).orElse(0);
        }
        feed.health().lag(lag);
    }

    private void waitForTopics() {
        try {
            Thread.sleep(CHECK_EVERY.toMillis()); // nothing to poll until the topics exist
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // Never create the job's topics with a default partition count by looking at them.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        p.putAll(kafka.client());
        return p;
    }

    private Properties adminConfig() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 800);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 800);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        p.putAll(kafka.client());
        return p;
    }
}
