package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link StreamingEtlJob} as a user meets it: a separate JVM, its exit code and what it
 * prints.
 */
class StreamingEtlJobTest {

    @Test
    void badFlagExitsWithTwoAndOneLineNamingIt() throws Exception {
        Run run = run("--window", "ten");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip().lines())
                .singleElement()
                .asString()
                .contains("--window")
                .contains("'ten'");
    }

    @Test
    void unreachableBrokerIsReportedPlainlyWithinThirtySeconds() throws Exception {
        long start = System.nanoTime();
        Run run = run("--kafka-bootstrap", "127.0.0.1:" + LocalKafka.freePort());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip().lines().filter(l -> l.startsWith("error:")))
                .singleElement()
                .asString()
                .startsWith("error: cannot reach Kafka at 127.0.0.1:")
                .contains("--kafka-bootstrap");
        assertThat(run.stderr).doesNotContain("\tat ");
    }

    @Test
    void helpPrintsTheFlagsAndExitsZero() throws Exception {
        Run run = run("--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.stdout).contains("--kafka-bootstrap").contains("--bounded");
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dlog4j2.configurationFile=log4j2-test.properties",
                                StreamingEtlJob.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not exit within 60 s");
        }
        return new Run(
                p.exitValue(),
                new String(out.readAllBytes(), StandardCharsets.UTF_8),
                new String(err.readAllBytes(), StandardCharsets.UTF_8));
    }
}
