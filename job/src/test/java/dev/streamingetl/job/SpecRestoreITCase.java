package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.TestJobs;
import dev.streamingetl.spec.SpecException;
import dev.streamingetl.tools.EventGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint keeps the spec it was taken with: a restore with another aggregation is refused at
 * once with one line naming the difference, one with other validation rules only runs.
 */
@ExtendWith(LocalKafkaExtension.class)
class SpecRestoreITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    @Test
    void aRestoreWithAnotherAggregationIsRefusedAndOneWithOtherRulesRuns(@TempDir Path dir)
            throws Exception {
        String topic = "spec_restore_events";
        LocalKafkaExtension.kafka()
                .createTopics(Map.of(topic, 1, topic + "_dlq", 1, topic + "_agg", 1));
        EventGenerator generator = new EventGenerator(4, 100, 0, 0, 3);
        List<EventGenerator.Record> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            records.add(generator.next(1_795_514_400_000L + i * 20L));
        }
        KafkaTopics.write(topic, records);
        JobClient job =
                TestJobs.start(
                        TestJobs.config(topic, dir, "--checkpoint-interval", "500ms"), topic);
        KafkaTopics.awaitCommitted(topic + "_agg", r -> !r.isEmpty(), Duration.ofSeconds(90));
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();

        String contract = Files.readString(Path.of("..", "pipelines", "default.yaml"));
        Path fewerMeasures = dir.resolve("fewer-measures.yaml");
        Files.writeString(
                fewerMeasures,
                contract.replace(
                        "value: [count, sum, min, max, avg, p50, p95, p99]",
                        "value: [count, sum]"));
        Throwable refused =
                catchThrowable(
                        () -> TestJobs.run(restore(topic, dir, fewerMeasures, savepoint), topic));
        SpecException reason =
                ExceptionUtils.findThrowable(refused, SpecException.class)
                        .orElseThrow(() -> new AssertionError("not refused by the spec", refused));
        assertThat(reason.getMessage())
                .isEqualTo(
                        fewerMeasures
                                + ": the checkpoint to restore was taken with another aggregation"
                                + " (measures [value: [count, sum, min, max, avg, p50, p95, p99]]"
                                + " -> [value: [count, sum]]): restore with the spec it was taken"
                                + " with, or start without --restore-from");

        Path stricter = dir.resolve("stricter.yaml");
        Files.writeString(
                stricter,
                contract.replace(
                        "user_id:    {type: string, required: true, max_length: 128}",
                        "user_id:    {type: string, required: true, max_length: 64}"));
        JobClient restored =
                TestJobs.start(
                        TestJobs.config(
                                topic,
                                dir.resolve("stricter"),
                                "--pipeline",
                                stricter.toString(),
                                "--restore-from",
                                savepoint,
                                "--checkpoint-interval",
                                "500ms"),
                        topic + "-stricter");
        // Restored and checkpointing: the spec check of the restore let it through.
        Path checkpoints = dir.resolve("stricter").resolve("checkpoints");
        Await.until(
                "a checkpoint of the restored job",
                Duration.ofSeconds(60),
                () -> {
                    try (var files = Files.walk(checkpoints)) {
                        return files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
        assertThat(restored.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        restored.cancel().get();
    }

    private static JobConfig restore(String topic, Path dir, Path spec, String savepoint)
            throws Exception {
        return TestJobs.config(
                topic,
                dir,
                "--pipeline",
                spec.toString(),
                "--restore-from",
                savepoint,
                "--bounded");
    }
}
