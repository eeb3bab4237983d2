package dev.streamingetl.bench;

import dev.streamingetl.job.records.EventParser;
import dev.streamingetl.job.records.InvalidRecord;
import dev.streamingetl.job.records.SpecEventParser;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.SpecEventGenerator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parser alone, in nanoseconds per record (JMH): the job's spec parser (its fast path, with
 * Jackson's for what that declines) on the default spec and on the examples, its Jackson path
 * alone, and the contract's own parser on the same records for comparison. The records are the
 * generators' (1% bad), 16,384 of them, cycled so that caches hold what a real stream keeps warm
 * and no more. {@code bin/bench --mode parser} runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class ParserBenchmark {

    private static final int RECORDS = 1 << 14;
    private static final long T0 = 1_795_514_400_000L;

    /** {@code default} or a file under the repository's {@code pipelines/}. */
    @Param({"default", "orders.yaml", "sensors.yaml"})
    public String spec;

    /** Where the repository is, for the example specs. */
    @Param({"."})
    public String repo;

    private byte[][] records;
    private SpecEventParser parser;
    private EventParser contract;
    private int next;

    @Setup
    public void setUp() throws Exception {
        PipelineSpec pipeline =
                spec.equals("default")
                        ? PipelineSpec.defaultSpec()
                        : PipelineSpec.load(Path.of(repo, "pipelines", spec));
        parser = new SpecEventParser(pipeline, 1 << 20);
        contract = new EventParser(1 << 20);
        records = new byte[RECORDS][];
        if (spec.equals("default")) {
            EventGenerator generator = new EventGenerator(20, 100_000, 0.01, 0, 1);
            for (int i = 0; i < RECORDS; i++) {
                records[i] = generator.next(T0 + i / 100).value();
            }
        } else {
            SpecEventGenerator generator =
                    new SpecEventGenerator(pipeline, 20, 100_000, 0.01, 0, 1);
            for (int i = 0; i < RECORDS; i++) {
                records[i] = generator.next(T0 + i / 100).value();
            }
        }
    }

    @Benchmark
    public Object specParser() {
        byte[] record = records[next++ & (RECORDS - 1)];
        try {
            return parser.parse(record, 0, next);
        } catch (InvalidRecord bad) {
            return bad;
        }
    }

    /** The spec parser's Jackson path alone: the oracle the fast path is held to. */
    @Benchmark
    public Object jacksonPath() {
        byte[] record = records[next++ & (RECORDS - 1)];
        try {
            return parser.parseWithJackson(record, 0, next);
        } catch (InvalidRecord bad) {
            return bad;
        }
    }

    /**
     * The contract's parser: meaningful on the default spec's records only (it is the contract).
     */
    @Benchmark
    public Object contractParser() {
        byte[] record = records[next++ & (RECORDS - 1)];
        try {
            return contract.parse(record, 0, next);
        } catch (InvalidRecord bad) {
            return bad;
        }
    }
}
