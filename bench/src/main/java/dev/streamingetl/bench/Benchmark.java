package dev.streamingetl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamingetl.spec.PipelineSpec;
import dev.streamingetl.spec.SpecException;
import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench}: preloads one topic, runs every contender over it from a fresh consumer group,
 * checks that each produced the reference counts per window and type, and prints and records what
 * each cost.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Our job against the raw consumer, Spark Structured Streaming and Kafka Streams.")
public final class Benchmark implements Callable<Integer> {

    @Option(
            names = "--events",
            defaultValue = "10000000",
            description = "Events to preload (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Runs of each contender (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--contenders",
            defaultValue = "ceiling,ours,spark,kafka-streams",
            split = ",",
            description =
                    "Which to run, of ceiling, ours, ours-raw (ours with the raw event table), spark, kafka-streams (default: ${DEFAULT-VALUE}).")
    List<String> contenders;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description =
                    "Parallelism, local cores or stream threads of each engine (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--jit-options",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Start every contender's JVM with the compiler thresholds of flink-conf/jit.options, as bin/run-local starts the job; --no-jit-options with the JVM's defaults (default: ${DEFAULT-VALUE}).")
    boolean jitOptions;

    @Option(
            names = "--class-data",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Start every contender's JVM from a class-data archive of its own (AppCDS), made by a first, uncounted run on a small topic; --no-class-data starts them without (default: ${DEFAULT-VALUE}).")
    boolean classData;

    @Option(
            names = "--bad-ratio",
            defaultValue = "0.01",
            description = "Share of bad records (default: ${DEFAULT-VALUE}).")
    double badRatio;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--work-dir",
            defaultValue = "data/bench",
            description = "Broker data and outputs; emptied first (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
            names = "--results",
            defaultValue = "bench/results/runs.jsonl",
            description =
                    "JSON lines appended, one per contender and run (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(
            names = "--mode",
            defaultValue = "throughput",
            converter = ModeConverter.class,
            description =
                    "throughput (preloaded topic, every contender), latency (our job at a steady --rate), parser (JMH: ns per record of the parsers) or differential (the parser's fast path against Jackson's on --events generated records of every spec, and a truncated and a damaged copy of each) (default: ${DEFAULT-VALUE}).")
    Mode mode;

    /** What a run measures. */
    enum Mode {
        THROUGHPUT,
        LATENCY,
        PARSER,
        DIFFERENTIAL
    }

    /** A mode by its name in lower case; a typo is refused rather than run as throughput. */
    static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not one of throughput, latency, parser, differential");
            }
        }
    }

    @Option(
            names = "--rate",
            defaultValue = "100000",
            description =
                    "Latency mode: events per second of the generator (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "180",
            description =
                    "Latency mode: seconds measured after 30 s of warm-up (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(
            names = "--pipeline",
            paramLabel = "FILE",
            description =
                    "A pipeline spec for our job over the benchmark's contract events, e.g. bench/two-dimensions.yaml; "
                            + "its group_by must include event_type, by which the counts are checked (default: the default spec).")
    Path pipeline;

    @Option(
            names = "--repo",
            defaultValue = ".",
            description =
                    "The repository root, where the built jars are (default: ${DEFAULT-VALUE}).")
    Path repo;

    /** The parser's fast path against Jackson's on {@code --events} records of every spec. */
    private int differential() throws IOException, SpecException {
        System.out.println(Report.machine());
        boolean agreed = true;
        for (String name : List.of("default", "orders.yaml", "sensors.yaml")) {
            PipelineSpec spec =
                    name.equals("default")
                            ? PipelineSpec.defaultSpec()
                            : PipelineSpec.load(repo.resolve("pipelines").resolve(name));
            DifferentialRun.Tally tally = DifferentialRun.run(name, spec, events, seed);
            System.out.println(tally.line());
            tally.disagreements().forEach(d -> System.out.println("  " + d));
            agreed &= tally.disagreements().isEmpty();
        }
        return agreed ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    private Report report() {
        return new Report(
                results, events, partitions, parallelism, runs, pipeline, classData, jitOptions);
    }

    @Override
    public Integer call() throws Exception {
        if (mode == Mode.DIFFERENTIAL) {
            return differential();
        }
        if (mode == Mode.PARSER) {
            List<ParserRun.Figure> figures = ParserRun.run(repo, false);
            System.out.printf("%s%n%s", Report.machine(), ParserRun.table(figures));
            for (ParserRun.Figure f : figures) {
                ObjectNode line = new ObjectMapper().createObjectNode();
                line.put("mode", "parser");
                line.put("parser", f.parser());
                line.put("spec", f.spec());
                line.put("ns_per_record", Report.round(f.nanos()));
                line.put("error_ns", Report.round(f.error()));
                report().appendLine(line);
            }
            return 0;
        }
        List<Contender> order = contenders.stream().map(Contender::of).collect(Collectors.toList());
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(workDir.resolve("kafka"))) {
            if (mode == Mode.LATENCY) {
                return latency(kafka);
            }
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(Map.of("bench_events", partitions));
            long start = System.nanoTime();
            Dataset data =
                    Dataset.preload(bootstrap, "bench_events", partitions, events, badRatio, seed);
            System.out.printf(
                    "preloaded %,d events (%.1f MB of JSON, %d partitions, lz4) in %.1f s; %d windows x types expected%n",
                    events,
                    data.bytes() / 1e6,
                    partitions,
                    (System.nanoTime() - start) / 1e9,
                    data.expectedCounts().size());

            ContenderRun contenderRun =
                    new ContenderRun(
                            kafka, workDir, repo, parallelism, pipeline, jvmOptions(), classData);
            contenderRun.archiveClassData(order, partitions, badRatio, seed + 1);
            List<ContenderRun.Result> all = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (Contender contender : order) {
                    ContenderRun.Result result = contenderRun.measure(data, contender, run);
                    all.add(result);
                    System.out.printf(
                            "run %d %-13s %6.1f s  %,9.0f events/s  cpu %6.1f s  rss %5.0f MB  first record %s  %s%n",
                            run,
                            contender.label,
                            result.cost().seconds(),
                            result.eventsPerSecond(events),
                            result.cost().cpuSeconds(),
                            result.cost().peakRssMb(),
                            result.firstRecordMs() == null
                                    ? "–"
                                    : String.format(
                                            Locale.ROOT, "%.1f s", result.firstRecordMs() / 1e3),
                            result.check());
                    report().append(result, data);
                }
            }
            System.out.println();
            System.out.print(report().table(all, data));
            return all.stream().allMatch(r -> r.check().equals("ok")) ? 0 : 1;
        }
    }

    private int latency(LocalKafka kafka) throws Exception {
        LatencyRun.Figures f =
                LatencyRun.run(
                        kafka,
                        partitions,
                        rate,
                        java.time.Duration.ofSeconds(durationSeconds),
                        parallelism,
                        workDir,
                        repo,
                        jvmOptions());
        System.out.print(Report.latency(f, rate, parallelism, durationSeconds));
        // The job's JVM in latency mode starts without a class-data archive.
        report().appendLine(
                        Report.latencyLine(f, rate, durationSeconds)
                                .put("jit_options", jitOptions));
        return f.windows() > 0 ? 0 : 1;
    }

    /** The JVM options every contender's JVM starts with. */
    private List<String> jvmOptions() {
        return jitOptions
                ? List.of("@" + repo.toAbsolutePath().resolve("flink-conf/jit.options"))
                : List.of();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
