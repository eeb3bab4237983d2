package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.CapturedLogs;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.LocalS3Extension;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.S3Objects;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.tools.EventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake on S3 through failures: a job cancelled mid-stream and restored from its checkpoint on
 * S3, and an S3 outage of a minute that the analytics output does not notice while the lake job
 * waits it out. In each case the lake read back through the S3 API ends exactly as a reference
 * computation says: no window missing, none twice.
 */
@ExtendWith({LocalKafkaExtension.class, LocalS3Extension.class})
class S3RecoveryITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW = 10_000;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir Path dir;

    private final List<JobClient> jobs = new ArrayList<>();

    @Test
    void restoresFromItsCheckpointOnS3WithAnExactLake(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String topic = "s3_restore_events";
        String bucket = LocalS3Extension.bucket("restore");
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        long t0 = 1_795_514_400_000L;
        EventGenerator generator = new EventGenerator(20, 1_000, 0.02, 0.003, 11);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(generator.next(t0 + i * 5L));
        }
        // The first half while the first job runs, the second half once it has been stopped.
        List<Future<RecordMetadata>> written = new ArrayList<>();
        Thread firstHalf = produce(topic, records.subList(0, 10_000), written, 500_000L);

        String[] flags = {
            "--output-path", "s3://" + bucket + "/lake",
            "--lake-flush-interval", "0s",
            "--checkpoint-path", "s3://" + bucket + "/checkpoints",
            "--checkpoint-interval", "1s",
            "--idle-timeout", "3s",
            "--parallelism", "2"
        };
        JobClient first = submit(TestJobs.config(topic, dir, flags));
        Await.until(
                "two completed checkpoints on S3",
                Duration.ofSeconds(60),
                () -> completed(cluster, first.getJobID()) >= 2);
        first.cancel().get();
        firstHalf.join();

        List<String> resume = new ArrayList<>(List.of(flags));
        resume.addAll(List.of("--restore-from", "latest"));
        JobClient second;
        try (CapturedLogs logs = new CapturedLogs()) {
            second = submit(TestJobs.config(topic, dir, resume.toArray(String[]::new)));
            Await.until(
                    "a checkpoint of the resumed job",
                    Duration.ofSeconds(60),
                    () -> completed(cluster, second.getJobID()) >= 1);
            // Restored transactions committed before the cancel are no alarm.
            assertThat(logs.lines()).noneMatch(l -> l.contains("signals data loss"));
        }
        produce(topic, records.subList(10_000, 20_000), written, 500_000L).join();
        endMarker(topic, t0 + 3_600_000);
        KafkaTopics.awaitGroupAtEnd(
                LocalKafkaExtension.bootstrapServers(), topic, topic, Duration.ofSeconds(120));

        Reference reference = Reference.of(records, written);
        Outputs.DeadLetters deadLetters =
                Outputs.deadLetters(LocalKafkaExtension.bootstrapServers(), topic + "_dlq");
        assertThat(deadLetters.rejected()).containsExactlyInAnyOrderElementsOf(reference.bad());
        Map<String, String> expected = reference.aggregatesWithout(deadLetters.late(), WINDOW);
        Map<String, String> lake = awaitLake(bucket, expected);
        second.cancel().get();
        // The cancelled attempt's open uploads stay open (invisible to readers) until the bucket's
        // lifecycle rule aborts them; the README says so.
        System.out.printf(
                "s3 restore: %d multipart uploads of the cancelled attempt left open%n",
                S3Objects.unfinishedUploads(bucket, "lake/").size());

        assertThat(lake).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(Outputs.analytics(LocalKafkaExtension.bootstrapServers(), topic + "_agg"))
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void analyticsStayOnTimeWhileS3IsDownAndTheLakeCatchesUpExactly(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String topic = "s3_outage_events";
        String bucket = LocalS3Extension.bucket("outage");
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 2, topic + "_dlq", 1, topic + "_agg", 1));
        // Event time follows the wall clock, as with a live producer: 400 events/s for 110 s.
        long start = System.currentTimeMillis() + 500;
        EventGenerator generator = new EventGenerator(10, 1_000, 0.01, 0, 13);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < 44_000; i++) {
            records.add(generator.next(start + i * 2_500L / 1_000));
        }
        List<Future<RecordMetadata>> written = new ArrayList<>();
        Thread producer = produce(topic, records, written, 2_500_000L);

        JobClient lakeJob =
                submit(
                        TestJobs.config(
                                topic,
                                dir,
                                "--sinks",
                                "lake",
                                "--no-dead-letters",
                                "--group-id",
                                topic + "-lake",
                                "--transactional-id-prefix",
                                topic + "-lake",
                                "--output-path",
                                "s3://" + bucket + "/lake",
                                "--lake-flush-interval",
                                "0s",
                                "--checkpoint-path",
                                "s3://" + bucket + "/checkpoints",
                                "--checkpoint-interval",
                                "2s",
                                "--parallelism",
                                "1"));
        JobClient analyticsJob =
                submit(
                        TestJobs.config(
                                topic,
                                dir,
                                "--sinks",
                                "analytics",
                                "--group-id",
                                topic + "-analytics",
                                "--transactional-id-prefix",
                                topic + "-analytics",
                                "--checkpoint-path",
                                dir.resolve("analytics-checkpoints").toString(),
                                "--checkpoint-interval",
                                "2s",
                                "--parallelism",
                                "1"));
        Await.until(
                "both jobs to complete a checkpoint",
                Duration.ofSeconds(60),
                () ->
                        completed(cluster, lakeJob.getJobID()) >= 1
                                && completed(cluster, analyticsJob.getJobID()) >= 1);

        Checkpoints before = counts(cluster, lakeJob.getJobID());
        LocalS3Extension.stop();
        long down = System.currentTimeMillis();
        Map<Long, Long> seenAt = watchAnalytics(topic + "_agg", down + OUTAGE.toMillis());
        Checkpoints during = counts(cluster, lakeJob.getJobID());
        LocalS3Extension.restart();
        long up = System.currentTimeMillis();
        Await.until(
                "the lake job to complete a checkpoint after S3 is back",
                Duration.ofSeconds(180),
                () -> completed(cluster, lakeJob.getJobID()) > during.completed());
        System.out.printf(
                "s3 outage: lake job checkpoints during %d s outage: %d completed, %d failed;"
                        + " first completed checkpoint %.1f s after S3 returned%n",
                OUTAGE.toSeconds(),
                during.completed() - before.completed(),
                during.failed() - before.failed(),
                (System.currentTimeMillis() - up) / 1e3);

        // Windows that ended while S3 was away: each published within the job's bound
        // (out-of-orderness 5 s + checkpoint interval 2 s) and a few seconds of slack.
        System.out.printf(
                "s3 outage: S3 down %s, up %s; analytics delay after window end by window end: %s%n",
                Instant.ofEpochMilli(down),
                Instant.ofEpochMilli(up),
                new java.util.TreeMap<>(seenAt)
                        .entrySet().stream()
                                .map(
                                        e ->
                                                Instant.ofEpochMilli(e.getKey())
                                                        + "="
                                                        + (e.getValue() - e.getKey()))
                                .collect(java.util.stream.Collectors.joining(", ")));
        List<Long> delays = new ArrayList<>();
        for (long end = (down / WINDOW + 1) * WINDOW; end + 10_000 < up; end += WINDOW) {
            Long seen = seenAt.get(end);
            assertThat(seen)
                    .as("aggregates of the window ending %s", Instant.ofEpochMilli(end))
                    .isNotNull();
            delays.add(seen - end);
        }
        assertThat(delays).hasSizeGreaterThanOrEqualTo(4).allMatch(d -> d < 12_000);
        System.out.printf(
                "s3 outage: analytics delay after window end during the outage: %s ms%n", delays);
        assertThat(during.completed())
                .as("lake job checkpoints completed while S3 was down")
                .isLessThanOrEqualTo(before.completed() + 1);

        producer.join();
        endMarker(topic, start + 3_600_000);
        for (String group : List.of(topic + "-lake", topic + "-analytics")) {
            KafkaTopics.awaitGroupAtEnd(
                    LocalKafkaExtension.bootstrapServers(), topic, group, Duration.ofSeconds(180));
        }
        Reference reference = Reference.of(records, written);
        Outputs.DeadLetters deadLetters =
                Outputs.deadLetters(LocalKafkaExtension.bootstrapServers(), topic + "_dlq");
        Map<String, String> expected = reference.aggregatesWithout(deadLetters.late(), WINDOW);
        Map<String, String> lake = awaitLake(bucket, expected);
        assertThat(S3Objects.unfinishedUploads(bucket, "lake/")).isEmpty();
        lakeJob.cancel().get();
        analyticsJob.cancel().get();

        assertThat(lake).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(Outputs.analytics(LocalKafkaExtension.bootstrapServers(), topic + "_agg"))
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    private JobClient submit(JobConfig config) throws Exception {
        JobClient job = TestJobs.start(config, config.kafkaTopic() + " " + config.sinks());
        jobs.add(job);
        return job;
    }

    /** Whatever a test left behind does not burden the next: jobs cancelled, S3 serving. */
    @AfterEach
    void cancelJobsAndRestartS3() throws Exception {
        for (JobClient job : jobs) {
            try {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception alreadyDone) {
                // Cancelled by the test, or finished.
            }
        }
        LocalS3Extension.restart();
    }

    private static Thread produce(
            String topic,
            List<EventGenerator.Record> records,
            List<Future<RecordMetadata>> written,
            long nanosPerRecord) {
        Thread producer =
                new Thread(
                        () ->
                                KafkaTopics.writePaced(
                                        LocalKafkaExtension.bootstrapServers(),
                                        topic,
                                        records,
                                        written,
                                        nanosPerRecord),
                        "producer");
        producer.start();
        return producer;
    }

    /** An event far ahead that closes every window once the other partitions are idle. */
    private static void endMarker(String topic, long ts) {
        for (int partition = 0; partition < 2; partition++) {
            KafkaTopics.write(
                    topic,
                    partition,
                    List.of(
                            ("{\"event_id\":\"end\",\"event_type\":\"end_marker\",\"user_id\":\"x\",\"ts\":"
                                            + ts
                                            + "}")
                                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The lake read back from S3 once it holds every expected window (the last ones arrive with a
     * checkpoint after their window fired), without the end marker's own open window.
     */
    private Map<String, String> awaitLake(String bucket, Map<String, String> expected)
            throws Exception {
        // One local copy, refreshed on each poll: lake objects are only ever added.
        Path copy = Files.createTempDirectory(dir, "lake-");
        var lake = new java.util.concurrent.atomic.AtomicReference<Map<String, String>>();
        Await.until(
                "every expected window in the lake on S3",
                Duration.ofSeconds(120),
                () -> {
                    try {
                        S3Objects.download(bucket, "lake/", copy);
                        lake.set(Outputs.lake(copy));
                        return lake.get().keySet().containsAll(expected.keySet());
                    } catch (Exception notYet) {
                        return false;
                    }
                });
        assertThat(S3Objects.keys(bucket, "lake/"))
                .as("committed Parquet objects and completion marks only")
                .allMatch(
                        k ->
                                k.matches(
                                        "lake/event_type=[a-z_]+/dt=[-0-9]+/hour=\\d\\d/(part-[^/]+\\.parquet|_SUCCESS)"));
        return lake.get();
    }

    /** Until {@code deadline}, when each window's first aggregate became readable (committed). */
    private static Map<Long, Long> watchAnalytics(String topic, long deadline) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaExtension.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Long, Long> seenAt = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            // From the start: an aggregate committed as the watch begins is not missed.
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode a = JSON.readTree(r.value());
                    long end = Instant.parse(a.get("window_end").asText()).toEpochMilli();
                    seenAt.putIfAbsent(end, System.currentTimeMillis());
                }
            }
        }
        return seenAt;
    }

    private static long completed(MiniCluster cluster, JobID job) {
        return counts(cluster, job).completed();
    }

    /** A job's completed and failed checkpoints so far. */
    private record Checkpoints(long completed, long failed) {}

    private static Checkpoints counts(MiniCluster cluster, JobID job) {
        try {
            var snapshot = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
            return snapshot == null
                    ? new Checkpoints(0, 0)
                    : new Checkpoints(
                            snapshot.getCounts().getNumberOfCompletedCheckpoints(),
                            snapshot.getCounts().getNumberOfFailedCheckpoints());
        } catch (Exception e) {
            throw new AssertionError("no checkpoint statistics for " + job, e);
        }
    }
}
