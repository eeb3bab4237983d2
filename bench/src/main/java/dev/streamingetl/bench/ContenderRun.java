package dev.streamingetl.bench;

import dev.streamingetl.tools.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs of the contenders' JVMs over a preloaded topic: each with topics of its own, measured
 * from the outside, its output checked against the reference counts.
 */
final class ContenderRun {

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

    private final LocalKafka kafka;
    private final Path workDir;
    private final Path repo;
    private final int parallelism;
    private final Path pipeline;
    private final List<String> jvmOptions;
    private final boolean classData;

    /**
     * {@code jvmOptions} go to every contender's JVM, in every run; with {@code classData} each
     * measured run starts from the contender's class-data archive ({@link #archiveClassData}).
     */
    ContenderRun(
            LocalKafka kafka,
            Path workDir,
            Path repo,
            int parallelism,
            Path pipeline,
            List<String> jvmOptions,
            boolean classData) {
        this.kafka = kafka;
        this.workDir = workDir;
        this.repo = repo;
        this.parallelism = parallelism;
        this.pipeline = pipeline;
        this.jvmOptions = jvmOptions;
        this.classData = classData;
    }

    /**
     * With class data on, runs each contender once on a small topic of its own, not counted, so
     * that its JVM saves the classes it loaded: what a user's second start of it gets. The measured
     * runs start from that.
     */
    void archiveClassData(List<Contender> order, int partitions, double badRatio, long seed)
            throws Exception {
        if (!classData) {
            return;
        }
        kafka.createTopics(Map.of("bench_class_data", partitions));
        Dataset warmUp =
                Dataset.preload(
                        kafka.bootstrapServers(),
                        "bench_class_data",
                        partitions,
                        CLASS_DATA_EVENTS,
                        badRatio,
                        seed);
        for (Contender contender : order) {
            Path archive = archive(contender);
            Files.deleteIfExists(archive);
            Result r = run(warmUp, contender, 0, List.of("-XX:ArchiveClassesAtExit=" + archive));
            // Without an archive the measured runs would start cold while the table says otherwise.
            if (!r.check().equals("ok") || !Files.exists(archive)) {
                throw new IllegalStateException(
                        "the class-data run of "
                                + contender.label
                                + " made no archive ("
                                + r.check()
                                + "); see its log in "
                                + workDir
                                + ", or measure with --no-class-data");
            }
            System.out.printf(
                    "class data of %-13s %,d events in %.1f s, archive %d MB%n",
                    contender.label,
                    CLASS_DATA_EVENTS,
                    r.cost().seconds(),
                    Files.size(archive) / (1 << 20));
        }
    }

    private static final long CLASS_DATA_EVENTS = 100_000;

    private Path archive(Contender contender) {
        return workDir.toAbsolutePath().resolve(contender.label + ".jsa");
    }

    /** One measured run of {@code contender} over {@code data}, its output checked. */
    Result measure(Dataset data, Contender contender, int run) throws Exception {
        return run(
                data,
                contender,
                run,
                classData ? List.of("-XX:SharedArchiveFile=" + archive(contender)) : List.of());
    }

    /**
     * Runs {@code contender} over {@code data} with {@code jvm} options after the common ones, and
     * checks its output.
     */
    private Result run(Dataset data, Contender contender, int run, List<String> jvm)
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
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(jvm);
        // Kafka Streams never finishes by itself: its run ends when its output is complete.
        long deadline = System.nanoTime() + (120 + data.events() / 20_000) * 1_000_000_000L;
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
        ProcessMeter.Cost cost = ProcessMeter.run(contender.command(spec, all), log, done);
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
}
