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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * One contender's run: what it cost, whether its counts were right, and (ours) when it read its
     * first record after its JVM started, or null.
     */
    record Result(
            Contender contender,
            int run,
            ProcessMeter.Cost cost,
            String check,
            Long firstRecordMs) {
        double eventsPerSecond(long events) {
            return events / cost.seconds();
        }
    }

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
        return new Report(results, events, partitions, parallelism, runs, pipeline);
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

            if (classData) {
                archiveClassData(kafka, order);
            }
            List<Result> all = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (Contender contender : order) {
                    List<String> jvm =
                            classData
                                    ? List.of("-XX:SharedArchiveFile=" + archive(contender))
                                    : List.of();
                    Result result = runOnce(kafka, data, contender, run, jvm);
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
                        repo);
        System.out.printf(
                Locale.ROOT,
                "latency: generator at %,.0f events/s (measured %,.0f/s into the topic), parallelism %d, %d windows over %d s:%n"
                        + "  window end -> aggregate visible (read_committed): p50 %d ms, p99 %d ms, max %d ms%n"
                        + "  watermark past the window's end (%d ms later) -> visible: p50 %d ms, p99 %d ms%n"
                        + "  backpressure (worst level seen): %s, samples every 5 s by level: %s%n"
                        + "  checkpoint end-to-end p50 %d ms, max %d ms; checkpointed state %,d..%,d bytes; heap used at most %d MB%n",
                rate,
                f.inputRate(),
                parallelism,
                f.windows(),
                durationSeconds,
                f.p50Ms(),
                f.p99Ms(),
                f.maxMs(),
                LatencyRun.OUT_OF_ORDERNESS_MS,
                f.p50Ms() - LatencyRun.OUT_OF_ORDERNESS_MS,
                f.p99Ms() - LatencyRun.OUT_OF_ORDERNESS_MS,
                f.backpressure(),
                f.backpressureSamples(),
                f.checkpointP50Ms(),
                f.checkpointMaxMs(),
                f.stateMinBytes(),
                f.stateMaxBytes(),
                f.heapMaxMb());
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode();
        line.put("contender", "ours");
        line.put("mode", "latency");
        line.put("rate", rate);
        line.put("measured_input_rate", Math.round(f.inputRate()));
        line.put("seconds", durationSeconds);
        line.put("windows", f.windows());
        line.put("latency_p50_ms", f.p50Ms());
        line.put("latency_p99_ms", f.p99Ms());
        line.put("latency_max_ms", f.maxMs());
        line.put("backpressure", f.backpressure());
        line.put("checkpoint_p50_ms", f.checkpointP50Ms());
        line.put("checkpoint_max_ms", f.checkpointMaxMs());
        line.put("after_watermark_p99_ms", f.p99Ms() - LatencyRun.OUT_OF_ORDERNESS_MS);
        f.backpressureSamples().forEach((level, n) -> line.put("backpressure_samples_" + level, n));
        line.put("heap_max_mb", f.heapMaxMb());
        line.put("state_min_bytes", f.stateMinBytes());
        line.put("state_max_bytes", f.stateMaxBytes());
        line.put("parallelism", parallelism);
        report().appendLine(line);
        return f.windows() > 0 ? 0 : 1;
    }

    /**
     * Runs each contender once on a small topic of its own, not counted, so that its JVM saves the
     * classes it loaded: what a user's second start of it gets. The measured runs start from that.
     */
    private void archiveClassData(LocalKafka kafka, List<Contender> order) throws Exception {
        kafka.createTopics(Map.of("bench_class_data", partitions));
        Dataset warmUp =
                Dataset.preload(
                        kafka.bootstrapServers(),
                        "bench_class_data",
                        partitions,
                        CLASS_DATA_EVENTS,
                        badRatio,
                        seed + 1);
        for (Contender contender : order) {
            Path archive = archive(contender);
            Files.deleteIfExists(archive);
            Result r =
                    runOnce(
                            kafka,
                            warmUp,
                            contender,
                            0,
                            List.of("-XX:ArchiveClassesAtExit=" + archive));
            System.out.printf(
                    "class data of %-13s %,d events in %.1f s, %s, archive %s%n",
                    contender.label,
                    CLASS_DATA_EVENTS,
                    r.cost().seconds(),
                    r.check(),
                    Files.exists(archive) ? Files.size(archive) / (1 << 20) + " MB" : "MISSING");
        }
    }

    private static final long CLASS_DATA_EVENTS = 100_000;

    private Path archive(Contender contender) {
        return workDir.toAbsolutePath().resolve(contender.label + ".jsa");
    }

    private Result runOnce(
            LocalKafka kafka, Dataset data, Contender contender, int run, List<String> jvm)
            throws Exception {
        String id = "bench-" + contender.label + "-" + run + "-" + System.currentTimeMillis();
        Path dir = workDir.resolve(contender.label + "-" + run);
        Files.createDirectories(dir);
        String output = id + "_agg";
        String ticks = id + "_ticks";
        kafka.createTopics(Map.of(output, 1, id + "_dlq", 1, ticks, 1));
        Contender.Run spec =
                new Contender.Run(
                        kafka.bootstrapServers(),
                        data.topic(),
                        output,
                        id + "_dlq",
                        ticks,
                        id,
                        dir.toAbsolutePath(),
                        parallelism,
                        repo.toAbsolutePath(),
                        pipeline == null ? null : pipeline.toAbsolutePath());
        Path log = workDir.resolve(contender.label + "-" + run + ".log");
        // Kafka Streams never finishes by itself: its run ends when its output is complete.
        long deadline = System.nanoTime() + (120 + events / 20_000) * 1_000_000_000L;
        boolean[] ticked = {false};
        java.util.function.BooleanSupplier done =
                contender == Contender.KAFKA_STREAMS
                        ? () -> {
                            if (System.nanoTime() > deadline) {
                                return true;
                            }
                            if (!ticked[0]) {
                                if (Dataset.consumed(kafka.bootstrapServers(), data.topic(), id)) {
                                    Dataset.writeEndMarkers(
                                            kafka.bootstrapServers(), ticks, 1, data);
                                    ticked[0] = true;
                                }
                                return false;
                            }
                            return OutputCounts.read(kafka.bootstrapServers(), output)
                                    .equals(data.expectedCounts());
                        }
                        : null;
        ProcessMeter.Cost cost = ProcessMeter.run(contender.command(spec, jvm), log, done);
        String check;
        if (cost.exitCode() != 0) {
            check = "FAILED (exit " + cost.exitCode() + ", see " + log + ")";
        } else if (contender == Contender.CEILING) {
            check = "ok";
        } else {
            Map<String, Long> counts = OutputCounts.read(kafka.bootstrapServers(), output);
            check =
                    counts.equals(data.expectedCounts())
                            ? "ok"
                            : "WRONG COUNTS: " + difference(counts, data.expectedCounts());
        }
        return new Result(contender, run, cost, check, firstRecordMs(log));
    }

    private static final Pattern FIRST_RECORD =
            Pattern.compile("read its first record (\\d+) ms after its JVM started");

    /** The earliest of the job's "first record" log lines, one a source subtask, or null. */
    static Long firstRecordMs(Path log) throws IOException {
        Matcher m = FIRST_RECORD.matcher(Files.readString(log));
        Long first = null;
        while (m.find()) {
            long ms = Long.parseLong(m.group(1));
            first = first == null ? ms : Math.min(first, ms);
        }
        return first;
    }

    private static String difference(Map<String, Long> actual, Map<String, Long> expected) {
        List<String> diffs = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!expected.get(key).equals(actual.get(key))) {
                diffs.add(key + " expected " + expected.get(key) + " got " + actual.get(key));
            }
        }
        actual.keySet().stream()
                .filter(k -> !expected.containsKey(k))
                .forEach(k -> diffs.add(k + " unexpected"));
        return diffs.size()
                + " windows differ, e.g. "
                + diffs.subList(0, Math.min(3, diffs.size()));
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
