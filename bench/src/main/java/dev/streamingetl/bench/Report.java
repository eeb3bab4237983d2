package dev.streamingetl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What {@code bin/bench} reports: the Markdown table of a throughput run, and one JSON line per
 * contender and run (with the setup, the machine and the versions) appended to the results file.
 */
final class Report {

    private final Path results;
    private final long events;
    private final int partitions;
    private final int parallelism;
    private final int runs;
    private final Path pipeline;
    private final boolean classData;
    private final boolean jitOptions;

    Report(
            Path results,
            long events,
            int partitions,
            int parallelism,
            int runs,
            Path pipeline,
            boolean classData,
            boolean jitOptions) {
        this.results = results;
        this.events = events;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.runs = runs;
        this.pipeline = pipeline;
        this.classData = classData;
        this.jitOptions = jitOptions;
    }

    String table(List<ContenderRun.Result> all, Dataset data) {
        Map<Contender, List<ContenderRun.Result>> byContender = new LinkedHashMap<>();
        all.forEach(r -> byContender.computeIfAbsent(r.contender(), c -> new ArrayList<>()).add(r));
        Double ours = median(byContender.get(Contender.OURS), data);
        Double ceiling = median(byContender.get(Contender.CEILING), data);
        StringBuilder t = new StringBuilder();
        t.append(
                String.format(
                        Locale.ROOT,
                        "%,d events, %d partitions, parallelism %d, %d run(s) each, %s; every JVM %s class data, %s jit.options%n",
                        events,
                        partitions,
                        parallelism,
                        runs,
                        machine(),
                        classData ? "with" : "without",
                        jitOptions ? "with" : "without"));
        t.append(
                "| contender | events/s (median) | spread | MB/s | CPU s per 1M events | peak RSS MB | first record, s after JVM start | vs ours | vs ceiling | outputs | counts |\n");
        t.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        byContender.forEach(
                (c, results) -> {
                    double eps = median(results, data);
                    List<Double> rates =
                            results.stream()
                                    .map(r -> r.eventsPerSecond(events))
                                    .sorted()
                                    .collect(Collectors.toList());
                    double cpu =
                            results.stream()
                                    .mapToDouble(r -> r.cost().cpuSeconds())
                                    .sorted()
                                    .toArray()[results.size() / 2];
                    double rss =
                            results.stream()
                                    .mapToDouble(r -> r.cost().peakRssMb())
                                    .sorted()
                                    .toArray()[results.size() / 2];
                    t.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %,.0f | %,.0f–%,.0f | %.1f | %.1f | %.0f | %s | %s | %s | %s | %s |%n",
                                    c.label,
                                    eps,
                                    rates.get(0),
                                    rates.get(rates.size() - 1),
                                    eps * data.bytes() / events / 1e6,
                                    cpu / (events / 1e6),
                                    rss,
                                    firstRecord(results),
                                    ours == null
                                            ? "–"
                                            : String.format(Locale.ROOT, "%.2f", eps / ours),
                                    ceiling == null
                                            ? "–"
                                            : String.format(Locale.ROOT, "%.2f", eps / ceiling),
                                    outputs(c),
                                    results.stream().allMatch(r -> r.check().equals("ok"))
                                            ? (c == Contender.CEILING ? "–" : "same as reference")
                                            : "WRONG"));
                });
        return t.toString();
    }

    /** The median of the runs' first-record times, or a dash where the contender logs none. */
    private static String firstRecord(List<ContenderRun.Result> results) {
        long[] ms =
                results.stream()
                        .filter(r -> r.firstRecordMs() != null)
                        .mapToLong(ContenderRun.Result::firstRecordMs)
                        .sorted()
                        .toArray();
        return ms.length == 0 ? "–" : String.format(Locale.ROOT, "%.1f", ms[ms.length / 2] / 1e3);
    }

    private static String outputs(Contender c) {
        return switch (c) {
            case CEILING -> "none (reads and discards)";
            case OURS -> "lake + topic + DLQ, exactly once";
            case OURS_RAW -> "lake + raw events + topic + DLQ, exactly once";
            case SPARK -> "lake + topic";
            case KAFKA_STREAMS -> "topic + DLQ, exactly once (no lake)";
        };
    }

    private Double median(List<ContenderRun.Result> results, Dataset data) {
        if (results == null || results.isEmpty()) {
            return null;
        }
        double[] rates =
                results.stream().mapToDouble(r -> r.eventsPerSecond(events)).sorted().toArray();
        return rates[rates.length / 2];
    }

    void append(ContenderRun.Result r, Dataset data) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode();
        line.put("contender", r.contender().label);
        line.put("run", r.run());
        line.put("events", events);
        line.put("seconds", round(r.cost().seconds()));
        line.put("events_per_s", Math.round(r.eventsPerSecond(events)));
        line.put("mb_per_s", round(r.eventsPerSecond(events) * data.bytes() / events / 1e6));
        line.put("cpu_s_per_million", round(r.cost().cpuSeconds() / (events / 1e6)));
        line.put("peak_rss_mb", Math.round(r.cost().peakRssMb()));
        line.put("writes_lake", r.contender().writesLake);
        if (pipeline != null && r.contender().writesLake) {
            line.put("pipeline", pipeline.toString());
        }
        if (r.firstRecordMs() != null) {
            line.put("first_record_ms", r.firstRecordMs());
        }
        line.put("counts", r.check());
        line.put("class_data", classData);
        line.put("jit_options", jitOptions);
        appendLine(line);
    }

    /** Adds what every line records (setup, machine, versions, date) and appends it. */
    void appendLine(ObjectNode line) throws IOException {
        line.put("parallelism", parallelism);
        line.put("partitions", partitions);
        line.put("machine", machine());
        line.set("versions", new ObjectMapper().valueToTree(versions()));
        line.put("date", Instant.now().toString());
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(
                results, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String machine() {
        String cpu = "unknown cpu";
        long memKb = 0;
        try {
            cpu =
                    Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                            .filter(l -> l.startsWith("model name"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .findFirst()
                            .orElse(cpu);
            memKb =
                    Files.readAllLines(Path.of("/proc/meminfo")).stream()
                            .filter(l -> l.startsWith("MemTotal"))
                            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                            .findFirst()
                            .orElse(0);
        } catch (IOException ignored) {
            // Not Linux: the figures still stand, the machine is just less well described.
        }
        return String.format(
                Locale.ROOT,
                "%d cores, %.0f GiB, %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                memKb / 1048576.0,
                cpu,
                System.getProperty("java.version"));
    }

    private static Map<String, String> versions() throws IOException {
        Properties p = new Properties();
        try (var in = Report.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        Map<String, String> v = new java.util.TreeMap<>();
        p.forEach((k, val) -> v.put(k.toString(), val.toString()));
        return v;
    }

    /** What the run measured, as lines for a reader. */
    static String latency(
            LatencyRun.Figures f, double rate, int parallelism, long durationSeconds) {
        return String.format(
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
    }

    /** What the run measured, as one line of the results file. */
    static ObjectNode latencyLine(LatencyRun.Figures f, double rate, long durationSeconds) {
        ObjectNode line = new ObjectMapper().createObjectNode();
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
        return line;
    }
}
