package dev.streamingetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.LocalKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latency mode: the generator writes at a steady rate with event time = its wall clock, our job
 * runs unbounded, and a {@code read_committed} consumer notes when each window's aggregates become
 * visible; the delay after the window's end is what a dashboard user waits. Backpressure and
 * checkpoint durations are read from the job's REST API meanwhile.
 */
final class LatencyRun {

    record Figures(
            int windows,
            long p50Ms,
            long p99Ms,
            long maxMs,
            double inputRate,
            String backpressure,
            long checkpointP50Ms,
            long checkpointMaxMs,
            Map<String, Integer> backpressureSamples,
            long heapMaxMb,
            long stateMinBytes,
            long stateMaxBytes) {}

    /**
     * The job's --max-out-of-orderness here: its watermark passes a window's end this much later.
     */
    static final long OUT_OF_ORDERNESS_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyRun() {}

    static Figures run(
            LocalKafka kafka,
            int partitions,
            double rate,
            Duration duration,
            int parallelism,
            Path workDir,
            Path repo,
            List<String> jvmOptions)
            throws Exception {
        String topic = "bench_live";
        String id = "bench-latency-" + System.currentTimeMillis();
        String output = id + "_agg";
        kafka.createTopics(Map.of(topic, partitions, output, 1, id + "_dlq", 1, id + "_ticks", 1));
        Path dir = workDir.resolve("latency").toAbsolutePath();
        Files.createDirectories(dir);
        int webUi = Ports.freePort();
        Contender.Run spec =
                new Contender.Run(
                        kafka.bootstrapServers(),
                        topic,
                        output,
                        id + "_dlq",
                        id + "_ticks",
                        id,
                        dir,
                        parallelism,
                        repo.toAbsolutePath(),
                        null);
        List<String> job = new ArrayList<>(Contender.OURS.command(spec, jvmOptions));
        job.remove("--bounded");
        // Set, not assumed: the figures after the watermark subtract it.
        job.addAll(List.of("--max-out-of-orderness", OUT_OF_ORDERNESS_MS + "ms"));
        job.set(job.indexOf("--web-ui-port") + 1, Integer.toString(webUi));
        List<String> generator =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        repo.resolve("bench/target/classes")
                                + ":"
                                + Files.readString(repo.resolve("bench/target/bench.classpath"))
                                        .trim(),
                        "dev.streamingetl.tools.GenerateCommand",
                        "--bootstrap",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--rate",
                        Double.toString(rate),
                        "--late-ratio",
                        "0");
        Process gen =
                new ProcessBuilder(generator)
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("latency-generator.log").toFile())
                        .start();
        Process flink =
                new ProcessBuilder(job)
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("latency-job.log").toFile())
                        .start();
        try {
            return observe(kafka, topic, output, duration, webUi);
        } finally {
            gen.destroy();
            flink.destroy();
            gen.waitFor();
            flink.waitFor();
        }
    }

    private static Figures observe(
            LocalKafka kafka, String topic, String output, Duration duration, int webUi)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<Long, Long> firstSeen = new TreeMap<>();
        String backpressure = "ok";
        Map<String, Integer> backpressureSamples = new TreeMap<>();
        long heapMax = -1;
        long warmUpEnd = System.currentTimeMillis() + 30_000;
        long end = System.currentTimeMillis() + 30_000 + duration.toMillis();
        long inputAtWarmUp = -1;
        long nextSample = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(output, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (System.currentTimeMillis() < end) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    long windowEnd =
                            Instant.parse(JSON.readTree(r.value()).get("window_end").asText())
                                    .toEpochMilli();
                    if (windowEnd > warmUpEnd) {
                        firstSeen.putIfAbsent(windowEnd, now);
                    }
                }
                if (System.currentTimeMillis() > nextSample) {
                    if (inputAtWarmUp < 0 && System.currentTimeMillis() > warmUpEnd) {
                        inputAtWarmUp = endOffsets(consumer, topic);
                    }
                    String level = backpressure(http, webUi);
                    backpressure = worse(backpressure, level);
                    if (System.currentTimeMillis() > warmUpEnd) {
                        backpressureSamples.merge(level, 1, Integer::sum);
                        heapMax = Math.max(heapMax, heapUsed(http, webUi));
                    }
                    nextSample = System.currentTimeMillis() + 5_000;
                }
            }
            double inputRate =
                    (endOffsets(consumer, topic) - Math.max(0, inputAtWarmUp))
                            / (double) duration.toSeconds();
            List<Long> delays = new ArrayList<>();
            firstSeen.forEach((windowEnd, seen) -> delays.add(seen - windowEnd));
            Collections.sort(delays);
            JsonNode checkpoints =
                    rest(http, webUi, "/jobs/" + jobId(http, webUi) + "/checkpoints");
            JsonNode e2e = checkpoints.path("summary").path("end_to_end_duration");
            JsonNode state = checkpoints.path("summary").path("state_size");
            return new Figures(
                    delays.size(),
                    percentile(delays, 0.50),
                    percentile(delays, 0.99),
                    delays.isEmpty() ? -1 : delays.get(delays.size() - 1),
                    inputRate,
                    backpressure,
                    e2e.path("p50").asLong(-1),
                    e2e.path("max").asLong(-1),
                    backpressureSamples,
                    heapMax < 0 ? -1 : heapMax >> 20,
                    state.path("min").asLong(-1),
                    state.path("max").asLong(-1));
        }
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty()
                ? -1
                : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    /** The highest backpressure level of any vertex of the job right now: ok, low or high. */
    private static String backpressure(HttpClient http, int port) {
        String level = "ok";
        try {
            String job = jobId(http, port);
            for (JsonNode vertex : rest(http, port, "/jobs/" + job).path("vertices")) {
                JsonNode bp =
                        rest(
                                http,
                                port,
                                "/jobs/"
                                        + job
                                        + "/vertices/"
                                        + vertex.path("id").asText()
                                        + "/backpressure");
                level = worse(level, bp.path("backpressureLevel").asText("ok").toLowerCase());
            }
        } catch (Exception notUpYet) {
            // The job is still starting: no figure yet.
        }
        return level;
    }

    /** Heap in use by the job's TaskManager (the whole JVM in a local run), or -1. */
    private static long heapUsed(HttpClient http, int port) {
        long used = -1;
        try {
            for (JsonNode tm : rest(http, port, "/taskmanagers").path("taskmanagers")) {
                JsonNode metrics =
                        rest(
                                http,
                                port,
                                "/taskmanagers/"
                                        + tm.path("id").asText()
                                        + "/metrics?get=Status.JVM.Memory.Heap.Used");
                for (JsonNode metric : metrics) {
                    used = Math.max(used, metric.path("value").asLong(-1));
                }
            }
        } catch (Exception notUpYet) {
            // No figure this time.
        }
        return used;
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("ok", "low", "high");
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    private static String jobId(HttpClient http, int port) throws Exception {
        return rest(http, port, "/jobs").path("jobs").get(0).path("id").asText();
    }

    private static JsonNode rest(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
