package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.JobProcess;
import dev.streamingetl.job.testing.JobProcess.Run;
import dev.streamingetl.launch.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link StreamingEtlJob} as a user meets it: a separate JVM, its exit code and what it
 * prints.
 */
class StreamingEtlJobTest {

    @Test
    void badFlagExitsWithTwoAndOneLineNamingIt() throws Exception {
        Run run = JobProcess.run("--window", "ten");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines())
                .singleElement()
                .asString()
                .contains("--window")
                .contains("'ten'");
    }

    @Test
    void aBadSpecExitsWithTwoAndOneLineNamingTheFileTheKeyAndTheFix(@TempDir Path dir)
            throws Exception {
        Path spec = dir.resolve("orders.yaml");
        java.nio.file.Files.writeString(
                spec,
                java.nio.file.Files.readString(Path.of("..", "pipelines", "orders.yaml"))
                        .replace("[count, sum, avg, p95]", "[count, median]"));
        Run run = JobProcess.run("--pipeline", spec.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines())
                .containsExactly(
                        "error: "
                                + spec
                                + ": measures.amount: unknown aggregate 'median' (use count, sum, min, max, avg, p50, p75, p90, p95, p99, p999)");
    }

    @Test
    void unreachableBrokerIsReportedPlainlyWithinThirtySeconds() throws Exception {
        long start = System.nanoTime();
        Run run = JobProcess.run("--kafka-bootstrap", "127.0.0.1:" + Ports.freePort());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines().filter(l -> l.startsWith("error:")))
                .singleElement()
                .asString()
                .startsWith("error: cannot reach Kafka at 127.0.0.1:")
                .contains("--kafka-bootstrap");
        assertThat(run.stderr()).doesNotContain("\tat ");
    }

    @Test
    void anUnwritableLakeIsReportedPlainlyBeforeALocalRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Run run =
                JobProcess.run(
                        "--local",
                        "--output-path",
                        file.resolve("lake").toString(),
                        "--checkpoint-path",
                        dir.resolve("checkpoints").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines())
                .singleElement()
                .asString()
                .startsWith(
                        "error: --output-path '" + file.resolve("lake") + "' is not writable: ");
    }

    @Test
    void helpPrintsTheFlagsAndExitsZero() throws Exception {
        Run run = JobProcess.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("--kafka-bootstrap").contains("--bounded");
    }
}
