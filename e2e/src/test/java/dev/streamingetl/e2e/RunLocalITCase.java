package dev.streamingetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@code bin/run-local} as a user runs it, as a process: help and bad flags start
 * nothing, and a job that dies is reported as such, with its log, and takes the stack down.
 */
class RunLocalITCase {

    private static final Path SCRIPT = Path.of("..", "bin", "run-local").toAbsolutePath();

    @TempDir Path dir;

    private final int webUiPort = Ports.freePort();

    @Test
    void helpListsRunLocalsSettingsAndTheJobsFlagsAndStartsNothing() throws Exception {
        Result help = run(Duration.ofSeconds(60), "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output())
                .contains("Usage: bin/run-local")
                .contains("KAFKA_PORT", "DASHBOARD_PORT", "RATE", "DATA", "S3=1")
                .contains("--lake-format", "--pipeline", "--checkpoint-interval");
        assertThat(Files.exists(data())).as("nothing started, nothing written").isFalse();
    }

    @Test
    void aMistypedFlagOrABadSpecStopsAtOnceWithOneLine() throws Exception {
        Result typo = run(Duration.ofSeconds(60), "--windw", "10s");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(messages(typo)).containsExactly("error: Unknown options: '--windw', '10s'");

        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "version: 1\nfields: {}\n");
        Result badSpec = run(Duration.ofSeconds(60), "--pipeline", spec.toString());
        assertThat(badSpec.exitCode()).isEqualTo(2);
        assertThat(messages(badSpec)).hasSize(1).allMatch(l -> l.startsWith("error: "));
        assertThat(badSpec.output()).contains("bad.yaml");
        assertThat(Files.exists(data())).as("nothing started, nothing written").isFalse();
    }

    @Test
    void aJobStartsQuietlyAndIfItDiesIsReportedWithItsLogAndTheStackStops() throws Exception {
        int kafka = freePortPair();
        Path out = dir.resolve("run-local.out");
        Process script =
                builder(kafka, "--lake-flush-interval", "0s")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        try {
            awaitLine(out, "checkpoint 1 complete", Duration.ofMinutes(4), script);
            assertThat(checkpointCountsOnceOneCompleted())
                    .as("a first checkpoint triggered while tasks deploy counts as failed")
                    .contains("\"failed\":0");
            List<String> jitOptions =
                    Files.readAllLines(SCRIPT.getParent().resolve("../flink-conf/jit.options"))
                            .stream()
                            .filter(line -> line.startsWith("-"))
                            .toList();
            assertThat(jitOptions).isNotEmpty();
            assertThat(
                            get(
                                    HttpClient.newHttpClient(),
                                    "http://localhost:" + webUiPort + "/jobmanager/environment"))
                    .as("the job's JVM starts with flink-conf/jit.options")
                    .contains(jitOptions);
            ProcessHandle job = job(script).orElseThrow();
            job.destroyForcibly(); // kill -9
            assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("run-local ends").isTrue();
            String output = Files.readString(out);
            assertThat(script.exitValue()).as(output).isEqualTo(137);
            assertThat(output)
                    .contains(
                            "error: the job was killed (signal 9); its log is "
                                    + data().resolve("job.log")
                                    + ". Run bin/run-local again to resume from its last checkpoint.")
                    .contains("Stopped. The lake is in")
                    .doesNotContain("Killed");
            assertThat(Files.readString(data().resolve("job.log")))
                    .contains("checkpoint 1 complete")
                    .containsPattern(
                            "subtask \\d read its first record \\d+ ms after its JVM started")
                    .as("no warning a user can do nothing about")
                    .doesNotContain("The plugins directory")
                    .doesNotContain("characters length limit");
            assertThat(listening(kafka)).as("Kafka stopped with the stack").isFalse();
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    /**
     * The {@code counts} of the running job's checkpoint statistics, from Flink's REST API, once
     * they show a completed checkpoint (the tasks log theirs before the JobManager's statistics).
     */
    private String checkpointCountsOnceOneCompleted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String counts = checkpointCounts();
        while (counts.contains("\"completed\":0") && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling Flink's REST API: nothing to wait on in this process
            counts = checkpointCounts();
        }
        return counts;
    }

    private String checkpointCounts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + webUiPort;
        Matcher job =
                Pattern.compile("\"jid\":\"([0-9a-f]+)\"")
                        .matcher(get(http, base + "/jobs/overview"));
        assertThat(job.find()).isTrue();
        Matcher counts =
                Pattern.compile("\"counts\":\\{[^}]*}")
                        .matcher(get(http, base + "/jobs/" + job.group(1) + "/checkpoints"));
        assertThat(counts.find()).isTrue();
        return counts.group();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
                .body();
    }

    @Test
    void aCleanStopSavesTheJobsClassDataAndTheNextStartReadsIt() throws Exception {
        Path archive =
                SCRIPT.getParent()
                        .getParent()
                        .resolve("job/target/streaming-etl-job.jsa")
                        .normalize();
        Files.deleteIfExists(archive);
        assertThat(startAndStop())
                .as("the first start saves its classes when it stops")
                .contains("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive).exists();
        assertThat(startAndStop())
                .as("a later start maps them")
                .contains("-XX:SharedArchiveFile=" + archive)
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(Files.readString(data().resolve("job.log")))
                .as("a usable archive, read without a word")
                .doesNotContain("[cds")
                .doesNotContain("shared archive");
    }

    /** Runs bin/run-local to a checkpoint, stops it as Ctrl-C does; the job's command line. */
    private String startAndStop() throws Exception {
        Path out = dir.resolve("run-local.out");
        Process script =
                builder(freePortPair())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        try {
            // A resumed job numbers its checkpoints on from the one it resumed from.
            awaitLine(out, " complete: subtask", Duration.ofMinutes(4), script);
            String command = commandLine(job(script).orElseThrow());
            script.toHandle().destroy(); // SIGTERM, which run-local handles as Ctrl-C
            assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("run-local ends").isTrue();
            assertThat(Files.readString(out)).contains("Stopped. The lake is in");
            Files.delete(out);
            return command;
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private ProcessBuilder builder(int kafkaPort, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = b.environment();
        env.put("DATA", data().toString());
        env.put("KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("WEB_UI_PORT", Integer.toString(webUiPort));
        env.put("DASHBOARD_PORT", Integer.toString(Ports.freePort()));
        env.put("RATE", "500");
        env.put("PARTITIONS", "2");
        return b;
    }

    private Result run(Duration timeout, String... args) throws Exception {
        Process p = builder(freePortPair(), args).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}

    /** What the script said, but for the line that says it builds (sources newer than jars). */
    private static List<String> messages(Result r) {
        return r.output().lines().filter(l -> !l.startsWith("Building")).toList();
    }

    /** The job's JVM among the script's processes. */
    private static Optional<ProcessHandle> job(Process script) {
        return script.descendants()
                .filter(p -> commandLine(p).contains("StreamingEtlJob"))
                .findFirst();
    }

    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException e) {
            return ""; // ended meanwhile
        }
    }

    private static void awaitLine(Path file, String text, Duration timeout, Process script)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!script.isAlive()) {
                throw new AssertionError("run-local ended early:\n" + Files.readString(file));
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "no '" + text + "' within " + timeout + ":\n" + Files.readString(file));
    }

    /** A free port whose next port is free too: Kafka's controller takes it. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = Ports.freePort();
            if (!listening(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports in a row");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
