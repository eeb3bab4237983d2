package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.JobProcess;
import dev.streamingetl.job.testing.JobProcess.Run;
import dev.streamingetl.tools.LocalKafka;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
    void unreachableBrokerIsReportedPlainlyWithinThirtySeconds() throws Exception {
        long start = System.nanoTime();
        Run run = JobProcess.run("--kafka-bootstrap", "127.0.0.1:" + LocalKafka.freePort());
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
    void helpPrintsTheFlagsAndExitsZero() throws Exception {
        Run run = JobProcess.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("--kafka-bootstrap").contains("--bounded");
    }
}
