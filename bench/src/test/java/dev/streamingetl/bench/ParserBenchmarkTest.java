package dev.streamingetl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.records.SpecEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests that the parser benchmark measures what it says, and that JMH still runs it. */
class ParserBenchmarkTest {

    @Test
    void itParsesTheGeneratedEventsOfEverySpecNotTheirRejections() throws Exception {
        for (String spec : List.of("default", "orders.yaml", "sensors.yaml")) {
            ParserBenchmark b = new ParserBenchmark();
            b.spec = spec;
            b.repo = "..";
            b.setUp();
            int valid = 0;
            for (int i = 0; i < 10_000; i++) {
                valid += b.specParser() instanceof SpecEvent ? 1 : 0;
            }
            ParserBenchmark jackson = new ParserBenchmark();
            jackson.spec = spec;
            jackson.repo = "..";
            jackson.setUp();
            int validByJackson = 0;
            for (int i = 0; i < 10_000; i++) {
                validByJackson += jackson.jacksonPath() instanceof SpecEvent ? 1 : 0;
            }
            assertThat(valid).as(spec).isBetween(9_800, 9_950);
            assertThat(validByJackson).as(spec).isEqualTo(valid);
        }
    }

    @Test
    void jmhRunsEveryParserOnEverySpec() throws Exception {
        List<ParserRun.Figure> figures = ParserRun.run(Path.of(".."), true);
        assertThat(figures)
                .extracting(f -> f.parser() + " " + f.spec())
                .containsExactlyInAnyOrder(
                        "specParser default",
                        "specParser orders.yaml",
                        "specParser sensors.yaml",
                        "jacksonPath default",
                        "jacksonPath orders.yaml",
                        "jacksonPath sensors.yaml",
                        "contractParser default");
        assertThat(figures).allSatisfy(f -> assertThat(f.nanos()).isPositive().isFinite());
        assertThat(ParserRun.table(figures)).contains("| specParser | sensors.yaml |");
    }
}
