package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.cluster.LocalFlinkCluster;
import dev.streamingetl.job.records.Event;
import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Lake;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once proof, after Flink's own {@code test_file_sink.sh}: the job runs on a standalone
 * cluster (separate JVMs), submitted with {@code flink run}, while a deterministic stream with bad
 * and late records is written; the TaskManager is killed twice, the broker is stopped for 20 s, and
 * the job is stopped with a savepoint and resubmitted at another parallelism. In the end the lake
 * and the analytics topic hold exactly the aggregates a reference computation gives, and every bad
 * record is in the dead-letter topic exactly once.
 */
class FailoverITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 40_000;
    private static final long T0 = 1_795_514_400_000L;
    private static final long WINDOW = 10_000;

    @TempDir Path dir;

    private LocalKafka kafka;
    private LocalFlinkCluster cluster;

    @Test
    void killsOutagesAndRescalingLoseNothingAndDuplicateNothing() throws Exception {
        int kafkaPort = LocalKafka.freePort();
        int controllerPort = LocalKafka.freePort();
        kafka = LocalKafka.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        kafka.createTopics(Map.of("events", 4, "events_dlq", 1, "events_agg_rt", 2));
        cluster =
                LocalFlinkCluster.start(
                        Path.of("..", "flink-conf"),
                        Path.of("target", "failover-logs"),
                        1,
                        Map.of(
                                "rest.port",
                                Integer.toString(LocalKafka.freePort()),
                                "jobmanager.rpc.port",
                                Integer.toString(LocalKafka.freePort()),
                                "taskmanager.numberOfTaskSlots",
                                "2"));
        try {
            List<EventGenerator.Record> records = generate();
            List<Future<RecordMetadata>> written = new ArrayList<>();
            Thread producer =
                    new Thread(() -> write(records, written, kafka.bootstrapServers()), "producer");
            producer.start();

            String job = submit("-p", "2");
            awaitCheckpoints(job, 2);
            for (int kill = 1; kill <= 2; kill++) {
                cluster.killTaskManager();
                long killed = System.nanoTime();
                cluster.addTaskManager();
                awaitRunning(job);
                System.out.printf(
                        "failover: TaskManager kill %d -> RUNNING again in %.1f s%n",
                        kill, (System.nanoTime() - killed) / 1e9);
                awaitCheckpoints(job, completedCheckpoints(job) + 1);
            }

            kafka.close();
            Thread.sleep(20_000); // the outage itself: the broker is away this long
            kafka = LocalKafka.start(dir.resolve("kafka"), kafkaPort, controllerPort);
            long back = System.nanoTime();
            awaitCheckpoints(job, completedCheckpoints(job) + 1);
            System.out.printf(
                    "failover: broker back -> next completed checkpoint in %.1f s%n",
                    (System.nanoTime() - back) / 1e9);

            String savepoint = stopWithSavepoint(job, false);
            job = submit("-p", "1", "-s", savepoint);
            awaitRunning(job);
            producer.join();
            // An event an hour ahead closes every window of the stream once the other partitions
            // are idle (a stop --drain on idle sources does not fire them: the job would keep
            // them in its savepoint). Its own window stays open and is left out of the comparison.
            write(
                    List.of(
                            new EventGenerator.Record(
                                    null,
                                    ("{\"event_id\":\"end\",\"event_type\":\"end_marker\",\"user_id\":\"x\",\"ts\":"
                                                    + (T0 + 3_600_000)
                                                    + "}")
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    false,
                                    false)),
                    new ArrayList<>(),
                    kafka.bootstrapServers());
            awaitConsumedToTheEnd();

            Reference expected = reference(records, written);
            DeadLetters deadLetters = deadLetters();
            assertThat(deadLetters.rejected()).containsExactlyInAnyOrderElementsOf(expected.bad());
            Map<String, String> reference = expected.aggregatesWithout(deadLetters.late());
            await(
                    "every window on the analytics topic",
                    Duration.ofSeconds(120),
                    () -> analytics().keySet().containsAll(reference.keySet()));
            stopWithSavepoint(job, false);

            assertThat(lake()).containsExactlyInAnyOrderEntriesOf(reference);
            assertThat(analytics()).containsExactlyInAnyOrderEntriesOf(reference);
            try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
                assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                        .as("only committed Parquet files")
                        .allMatch(name -> name.startsWith("part-") && name.endsWith(".parquet"));
            }
        } finally {
            cluster.close();
            kafka.close();
        }
    }

    private List<EventGenerator.Record> generate() {
        EventGenerator generator = new EventGenerator(20, 2_000, 0.02, 0.003, 7);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(generator.next(T0 + i * 5L)); // 200 events per second of event time
        }
        return records;
    }

    /** Writes at about 700 records/s so that the failures happen while data flows. */
    private static void write(
            List<EventGenerator.Record> records,
            List<Future<RecordMetadata>> written,
            String bootstrap) {
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
                EventGenerator.Record r = records.get(i);
                synchronized (written) {
                    written.add(producer.send(new ProducerRecord<>("events", r.key(), r.value())));
                }
                LockSupport.parkNanos(start + i * 1_400_000L - System.nanoTime());
            }
            producer.flush();
        }
    }

    private String submit(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(options));
        args.addAll(
                List.of(
                        Path.of("target", "streaming-etl-job.jar").toString(),
                        "--kafka-bootstrap",
                        kafka.bootstrapServers(),
                        "--starting-offsets",
                        "earliest",
                        "--group-id",
                        "failover",
                        "--transactional-id-prefix",
                        "failover",
                        "--output-path",
                        dir.resolve("lake").toString(),
                        "--checkpoint-path",
                        dir.resolve("checkpoints").toString(),
                        "--checkpoint-interval",
                        "2s",
                        "--idle-timeout",
                        "5s"));
        LocalFlinkCluster.CommandResult run = cluster.flink(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.jobId()).as(run.output()).isNotNull();
        return run.jobId();
    }

    private String stopWithSavepoint(String job, boolean drain) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "stop",
                                "--savepointPath",
                                dir.resolve("savepoints").toUri().toString()));
        if (drain) {
            args.add("--drain");
        }
        args.add(job);
        LocalFlinkCluster.CommandResult stop = cluster.flink(args.toArray(String[]::new));
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        var m =
                java.util.regex.Pattern.compile("Savepoint completed\\. Path: (\\S+)")
                        .matcher(stop.output());
        assertThat(m.find()).as(stop.output()).isTrue();
        return m.group(1);
    }

    /**
     * Waits until the job has committed (on a checkpoint) offsets at the end of every partition.
     */
    private void awaitConsumedToTheEnd() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                latest.put(
                        new TopicPartition("events", p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var end = admin.listOffsets(latest).all().get();
            await(
                    "the job to commit the end offsets of every partition",
                    Duration.ofSeconds(120),
                    () -> {
                        try {
                            var committed =
                                    admin.listConsumerGroupOffsets("failover")
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

    private void awaitRunning(String job) {
        await(
                "job " + job + " RUNNING with every task running",
                Duration.ofSeconds(120),
                () -> {
                    JsonNode j = rest("/jobs/" + job);
                    if (j == null || !j.path("state").asText().equals("RUNNING")) {
                        return false;
                    }
                    for (JsonNode v : j.path("vertices")) {
                        if (!v.path("status").asText().equals("RUNNING")) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private void awaitCheckpoints(String job, int completed) {
        await(
                completed + " completed checkpoints of " + job,
                Duration.ofSeconds(180),
                () -> completedCheckpoints(job) >= completed);
    }

    private int completedCheckpoints(String job) {
        JsonNode c = rest("/jobs/" + job + "/checkpoints");
        return c == null ? 0 : c.path("counts").path("completed").asInt();
    }

    private JsonNode rest(String path) {
        String body = cluster.rest(path);
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static void await(
            String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /**
     * What the input should give: the bad records' origins, and per window and type the figures.
     */
    private record Reference(Set<String> bad, Map<String, Event> eventsByOrigin) {
        Map<String, String> aggregatesWithout(Set<String> late) {
            Map<String, long[]> counts = new TreeMap<>();
            Map<String, Double> sums = new HashMap<>();
            eventsByOrigin.forEach(
                    (origin, e) -> {
                        if (late.contains(origin)) {
                            return;
                        }
                        String key =
                                (e.timestamp() - Math.floorMod(e.timestamp(), WINDOW))
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
            counts.forEach((k, c) -> result.put(k, c[0] + "|" + c[1] + "|" + round(sums.get(k))));
            return result;
        }
    }

    private static Reference reference(
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
     * The dead letters by origin, split into late events and rejected records; fails on a
     * duplicate.
     */
    private record DeadLetters(List<String> rejected, Set<String> late) {}

    private DeadLetters deadLetters() throws Exception {
        List<String> rejected = new ArrayList<>();
        Set<String> late = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted("events_dlq")) {
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

    private Map<String, String> lake() throws Exception {
        Map<String, String> rows = new HashMap<>();
        for (String row :
                Lake.rows(
                        dir.resolve("lake"),
                        "SELECT epoch_ms(window_start), event_type, event_count, value_count, value_sum FROM {lake}")) {
            String[] c = row.split("\\|");
            String key = c[0] + "|" + c[1];
            String value =
                    c[2]
                            + "|"
                            + c[3]
                            + "|"
                            + round(c[4].equals("null") ? null : Double.valueOf(c[4]));
            assertThat(rows.put(key, value)).as("one lake row for %s", key).isNull();
        }
        return rows;
    }

    private Map<String, String> analytics() {
        Map<String, String> rows = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted("events_agg_rt")) {
            JsonNode a;
            try {
                a = JSON.readTree(r.value());
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable aggregate", e);
            }
            String key =
                    java.time.Instant.parse(a.get("window_start").asText()).toEpochMilli()
                            + "|"
                            + a.get("event_type").asText();
            JsonNode sum = a.get("value_sum");
            String value =
                    a.get("event_count").asLong()
                            + "|"
                            + a.get("value_count").asLong()
                            + "|"
                            + round(sum.isNull() ? null : sum.asDouble());
            assertThat(rows.put(key, value)).as("one analytics record for %s", key).isNull();
        }
        return rows;
    }

    private static String round(Double sum) {
        return sum == null ? "null" : String.format(java.util.Locale.ROOT, "%.6f", sum);
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return KafkaTopics.readCommitted(kafka.bootstrapServers(), topic);
    }
}
