package dev.streamingetl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tests for {@link Benchmark}'s flags. */
class BenchmarkFlagsTest {

    @Test
    void modesAreNamedInLowerCaseAndATypoIsRefused() {
        Benchmark bench = new Benchmark();
        new CommandLine(bench).parseArgs();
        assertThat(bench.mode).isEqualTo(Benchmark.Mode.THROUGHPUT);
        new CommandLine(bench).parseArgs("--mode", "latency");
        assertThat(bench.mode).isEqualTo(Benchmark.Mode.LATENCY);
        assertThatThrownBy(() -> new CommandLine(new Benchmark()).parseArgs("--mode", "thruput"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(
                        "'thruput' is not one of throughput, latency, parser, differential");
    }
}
