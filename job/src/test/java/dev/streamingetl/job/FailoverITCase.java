package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.cluster.LocalFlinkCluster;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        int kafkaPort = Ports.freePort();
        int controllerPort = Ports.freePort();
        kafka = LocalKafka.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        kafka.createTopics(Map.of("events", 4, "events_dlq", 1, "events_agg_rt", 2));
        cluster =
                LocalFlinkCluster.start(
                        Path.of("..", "flink-conf"),
                        Path.of("target", "failover-logs"),
                        1,
                        Map.of(
                                "rest.port",
                                Integer.toString(Ports.freePort()),
                                "jobmanager.rpc.port",
                                Integer.toString(Ports.freePort()),
                                "taskmanager.numberOfTaskSlots",
                                "2"));
        try {
            List<EventGenerator.Record> records = generate();
            List<Future<RecordMetadata>> written = new ArrayList<>();
            // About 700 records/s, so that the failures happen while data flows.
            Thread producer =
                    new Thread(
                            () ->
                                    KafkaTopics.writePaced(
                                            kafka.bootstrapServers(),
                                            "events",
                                            records,
                                            written,
                                            1_400_000L),
                            "producer");
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
            KafkaTopics.writeEndMarkers(kafka.bootstrapServers(), "events", 4, T0 + 3_600_000);
            KafkaTopics.awaitGroupAtEnd(
                    kafka.bootstrapServers(), "events", "failover", Duration.ofSeconds(120));

            Reference expected = Reference.of(records, written);
            Outputs.DeadLetters deadLetters =
                    Outputs.deadLetters(kafka.bootstrapServers(), "events_dlq");
            assertThat(deadLetters.rejected()).containsExactlyInAnyOrderElementsOf(expected.bad());
            Map<String, String> reference = expected.aggregatesWithout(deadLetters.late(), WINDOW);
            try {
                Await.until(
                        "every window on the analytics topic",
                        Duration.ofSeconds(120),
                        () -> analytics().keySet().containsAll(reference.keySet()));
            } catch (AssertionError e) {
                Set<String> missing = new TreeSet<>(reference.keySet());
                missing.removeAll(analytics().keySet());
                throw new AssertionError(
                        e.getMessage()
                                + "; missing "
                                + missing.size()
                                + " of "
                                + reference.size()
                                + " windows: "
                                + missing
                                + "; late events: "
                                + deadLetters.late().size()
                                + "; first offsets of the analytics topic: "
                                + KafkaTopics.firstOffsets(
                                        kafka.bootstrapServers(), "events_agg_rt"),
                        e);
            }
            stopWithSavepoint(job, false);

            assertThat(lake()).containsExactlyInAnyOrderEntriesOf(reference);
            assertThat(analytics()).containsExactlyInAnyOrderEntriesOf(reference);
            lakeHoldsOnlyCommittedData();
        } finally {
            cluster.close();
            kafka.close();
        }
    }

    /** Flags that choose the lake's format. */
    List<String> lakeFlags() {
        return List.of();
    }

    /** The lake's aggregates, keyed as {@link Reference} computes them. */
    Map<String, String> lake() throws Exception {
        return Outputs.lake(dir.resolve("lake"));
    }

    void lakeHoldsOnlyCommittedData() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("only committed Parquet files and completion marks")
                    .allMatch(
                            name ->
                                    name.equals("_SUCCESS")
                                            || name.startsWith("part-")
                                                    && name.endsWith(".parquet"));
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
                        // The test reads the lake while the job runs: rows on every checkpoint.
                        "--lake-flush-interval",
                        "0s",
                        "--checkpoint-path",
                        dir.resolve("checkpoints").toString(),
                        "--checkpoint-interval",
                        "2s",
                        "--idle-timeout",
                        "5s"));
        args.addAll(lakeFlags());
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

    private void awaitRunning(String job) {
        Await.until(
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
        Await.until(
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

    private Map<String, String> analytics() {
        return Outputs.analytics(kafka.bootstrapServers(), "events_agg_rt");
    }
}
