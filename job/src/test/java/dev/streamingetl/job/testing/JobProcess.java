package dev.streamingetl.job.testing;

import dev.streamingetl.job.StreamingEtlJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link StreamingEtlJob} as a user meets it: a separate JVM, its exit code and output. */
public final class JobProcess {

    private JobProcess() {}

    public record Run(int exitCode, String stdout, String stderr) {}

    public static Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** A job's JVM left running; closing it kills the JVM. */
    public record Started(Process process, Path log) implements AutoCloseable {
        /** What it printed so far, stdout and stderr together. */
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts the job's main with {@code env} added to the environment, and leaves it running. */
    public static Started start(Map<String, String> env, String... args) throws IOException {
        Path output = Files.createTempFile("job-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command(args))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        return new Started(builder.start(), output);
    }

    /**
     * Runs the job's main with everything logged from INFO up, as a user's console shows it: for
     * tests of what must never be printed.
     */
    public static Run runLoggingInfo(String... args) throws IOException, InterruptedException {
        return run(command("log4j2-info.properties", args), Map.of());
    }

    private static List<String> command(String... args) {
        return command("log4j2-test.properties", args);
    }

    private static List<String> command(String logConfig, String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dlog4j2.configurationFile=" + logConfig,
                                StreamingEtlJob.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the job's main with {@code env} added to this process's environment. */
    public static Run run(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return run(command(args), env);
    }

    private static Run run(List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("job-", ".out");
        Path stderr = Files.createTempFile("job-", ".err");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectOutput(stdout.toFile())
                            .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the job did not exit within 60 s");
            }
            return new Run(
                    p.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
