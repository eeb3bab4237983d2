package dev.streamingetl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a contender's JVM and measures it from the outside: wall time, CPU seconds (user + system,
 * all threads) and peak resident memory, sampled from /proc while it runs.
 */
final class ProcessMeter {

    /** What one run of a process cost. */
    record Cost(double seconds, double cpuSeconds, double peakRssMb, int exitCode) {}

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessMeter() {}

    /**
     * Starts {@code command}, logging to {@code log}; the run ends when the process exits or, if
     * {@code done} is given, when it reports true (the process is then stopped).
     */
    static Cost run(List<String> command, Path log, BooleanSupplier done)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        double cpu = 0;
        double rss = 0;
        long nextCheck = 0;
        while (process.isAlive()) {
            cpu = Math.max(cpu, cpuSeconds(process.pid()));
            rss = Math.max(rss, peakRssMb(process.pid()));
            if (done != null && System.nanoTime() > nextCheck) {
                if (done.getAsBoolean()) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    process.destroy();
                    process.waitFor();
                    return new Cost(seconds, cpu, rss, 0);
                }
                nextCheck = System.nanoTime() + 500_000_000L;
            }
            Thread.sleep(50); // sampling interval of /proc
        }
        return new Cost((System.nanoTime() - start) / 1e9, cpu, rss, process.exitValue());
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime), counted from after the command name.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static double peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between two samples.
        }
        return 0;
    }
}
