package dev.streamingetl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark on a small topic, every contender once, so that the harness cannot rot: each
 * contender must produce the reference counts and leave its figures in the results file.
 */
class BenchmarkSmokeITCase {

    @TempDir Path dir;

    @Test
    void everyContenderProducesTheReferenceCountsAndIsRecorded() throws Exception {
        Path results = dir.resolve("runs.jsonl");
        int exit =
                new CommandLine(new Benchmark())
                        .execute(
                                "--events", "200000",
                                "--runs", "1",
                                "--work-dir", dir.resolve("work").toString(),
                                "--results", results.toString(),
                                "--repo", "..");
        assertThat(exit).as("every contender's counts equal the reference").isZero();

        ObjectMapper json = new ObjectMapper();
        List<String> contenders = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            JsonNode run = json.readTree(line);
            contenders.add(run.get("contender").asText());
            assertThat(run.get("counts").asText()).isEqualTo("ok");
            assertThat(run.get("events").asLong()).isEqualTo(200_000);
            assertThat(run.get("events_per_s").asLong()).isPositive();
            assertThat(run.get("cpu_s_per_million").asDouble()).isPositive();
            assertThat(run.get("peak_rss_mb").asLong()).isPositive();
            assertThat(run.get("machine").asText()).contains("cores");
            assertThat(run.get("class_data").asBoolean()).isTrue();
            assertThat(run.get("jit_options").asBoolean())
                    .as(
                            "every JVM starts with flink-conf/jit.options (java fails if it is missing)")
                    .isTrue();
            assertThat(run.get("versions").get("flink").asText()).isEqualTo("2.2.1");
            if (run.get("contender").asText().equals("ours")) {
                assertThat(run.get("first_record_ms").asLong())
                        .as("the job logs when it read its first record")
                        .isPositive();
            }
        }
        assertThat(contenders).containsExactly("ceiling", "ours", "spark", "kafka-streams");
    }
}
