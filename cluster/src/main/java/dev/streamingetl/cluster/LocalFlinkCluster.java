package dev.streamingetl.cluster;

import dev.streamingetl.launch.Jvm;
import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * A Flink standalone session cluster on this machine: a JobManager and TaskManagers, each its own
 * JVM, started from the jars the Maven build resolved (there is no Flink tarball here) the way
 * Flink's own bin/ scripts start them. Also runs Flink's command line ({@code flink run|list|
 * cancel|stop}) against it.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path confDir;
    private final Path logDir;
    private final List<String> dynamicProperties;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();

    private LocalFlinkCluster(
            Path confDir,
            Path logDir,
            List<String> dynamicProperties,
            int restPort,
            Process jobManager) {
        this.confDir = confDir;
        this.logDir = logDir;
        this.dynamicProperties = dynamicProperties;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers with the configuration in {@code
     * confDir} ({@code config.yaml}, {@code log4j.properties}), overridden by {@code overrides}
     * (e.g. ports), logging to {@code logDir}; returns once the TaskManagers have registered.
     */
    public static LocalFlinkCluster start(
            Path confDir, Path logDir, int taskManagers, Map<String, String> overrides)
            throws IOException {
        Files.createDirectories(logDir);
        List<String> dynamic = new ArrayList<>();
        overrides.forEach((k, v) -> dynamic.add("-D" + k + "=" + v));
        int restPort = Integer.parseInt(overrides.getOrDefault("rest.port", "8081"));
        Ports.requireFree(restPort, "the Flink Web UI and REST API");
        Process jm =
                launch(
                        confDir,
                        logDir.resolve("jobmanager.log"),
                        "GET_JM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        dynamic);
        LocalFlinkCluster cluster = new LocalFlinkCluster(confDir, logDir, dynamic, restPort, jm);
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.addTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers);
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more TaskManager. */
    public synchronized Process addTaskManager() throws IOException {
        Path log = logDir.resolve("taskmanager-" + taskManagers.size() + ".log");
        Process tm =
                launch(
                        confDir,
                        log,
                        "GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        dynamicProperties);
        taskManagers.add(tm);
        return tm;
    }

    /** Kills the newest running TaskManager as {@code kill -9} would. */
    public synchronized void killTaskManager() throws InterruptedException {
        for (int i = taskManagers.size() - 1; i >= 0; i--) {
            Process tm = taskManagers.get(i);
            if (tm.isAlive()) {
                tm.destroyForcibly();
                tm.waitFor();
                return;
            }
        }
        throw new IllegalStateException("no TaskManager is running");
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    public long jobManagerPid() {
        return jobManager.pid();
    }

    public synchronized List<Long> taskManagerPids() {
        return taskManagers.stream().filter(Process::isAlive).map(Process::pid).toList();
    }

    /** GET on the REST API, e.g. {@code /jobs/overview}; the body, or null if it did not answer. */
    public String rest(String path) {
        try {
            HttpResponse<String> response =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(URI.create(restUrl() + path))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits until {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Pattern id = Pattern.compile("\"id\":\"");
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException(
                        "the JobManager exited; see " + logDir.resolve("jobmanager.log"));
            }
            String body = rest("/taskmanagers");
            if (body != null && id.matcher(body).results().count() >= count) {
                return;
            }
            pause();
        }
        throw new IllegalStateException(
                "fewer than "
                        + count
                        + " TaskManagers registered within "
                        + READY_TIMEOUT.toSeconds()
                        + " s; see "
                        + logDir);
    }

    /**
     * Runs Flink's command line against this cluster: {@code flink run -d <jar> ...}, {@code flink
     * stop --savepointPath <dir> <jobId>} ...; returns its exit code and output.
     */
    public CommandResult flink(String... args) throws IOException, InterruptedException {
        return flink(confDir, dynamicProperties, args);
    }

    /** Runs Flink's command line with the configuration in {@code confDir}. */
    public static CommandResult flink(Path confDir, List<String> dynamicProperties, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.addAll(javaOpts(confDir));
        command.add(
                "-Dlog4j.configurationFile="
                        + confDir.resolve("log4j-cli.properties").toAbsolutePath());
        command.add("-cp");
        command.add(flinkClasspath());
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(List.of(args));
        // The client takes -D overrides after the action: `flink run -Drest.port=... <jar>`.
        if (args.length > 0 && !dynamicProperties.isEmpty()) {
            command.addAll(command.size() - args.length + 1, dynamicProperties);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FLINK_CONF_DIR", confDir.toAbsolutePath().toString());
        builder.environment().put("FLINK_PLUGINS_DIR", pluginsDir());
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult(p.waitFor(), output);
    }

    /** What a command printed and how it exited. */
    public record CommandResult(int exitCode, String output) {
        /** The job id that {@code flink run} printed, if any. */
        public String jobId() {
            Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
            return m.find() ? m.group(1) : null;
        }
    }

    @Override
    public synchronized void close() {
        for (Process tm : taskManagers) {
            tm.destroy();
        }
        jobManager.destroy();
        for (Process p : taskManagers) {
            awaitExit(p);
        }
        awaitExit(jobManager);
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Process launch(
            Path confDir, Path log, String resourceQuery, String mainClass, List<String> dynamic)
            throws IOException {
        Resources resources = resources(confDir, resourceQuery, dynamic);
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.addAll(resources.jvmArgs());
        command.addAll(javaOpts(confDir));
        command.add("-Dlog.file=" + log.toAbsolutePath());
        command.add(
                "-Dlog4j.configurationFile="
                        + confDir.resolve("log4j.properties").toAbsolutePath());
        command.add("-cp");
        command.add(flinkClasspath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(confDir.toAbsolutePath().toString());
        command.addAll(dynamic);
        command.addAll(resources.dynamicProperties());
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(Path.of(log + ".out").toFile()));
        builder.environment().put("FLINK_PLUGINS_DIR", pluginsDir());
        return builder.start();
    }

    /** JVM memory flags and derived settings, computed by Flink itself as its bin/ scripts do. */
    record Resources(List<String> jvmArgs, List<String> dynamicProperties) {}

    static Resources resources(Path confDir, String query, List<String> dynamic)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Jvm.java(),
                                "-cp",
                                flinkClasspath(),
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                query,
                                "--configDir",
                                confDir.toAbsolutePath().toString()));
        command.addAll(dynamic);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> results =
                out.lines()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim())
                        .toList();
        if (results.isEmpty()) {
            throw new IllegalStateException(
                    "Flink could not compute the " + query + " from " + confDir + ":\n" + out);
        }
        List<String> jvm = List.of(results.get(0).split("\\s+"));
        List<String> props =
                results.size() > 1 && !results.get(1).isEmpty()
                        ? List.of(results.get(1).split("\\s+"))
                        : List.of();
        return new Resources(jvm, props);
    }

    /** The {@code env.java.opts.all} of config.yaml: the module flags Flink needs on Java 17. */
    static List<String> javaOpts(Path confDir) {
        String all =
                GlobalConfiguration.loadConfiguration(confDir.toAbsolutePath().toString())
                        .get(CoreOptions.FLINK_JVM_OPTIONS);
        return all.isBlank() ? List.of() : List.of(all.strip().split("\\s+"));
    }

    static String flinkClasspath() {
        return Jvm.buildResource(LocalFlinkCluster.class, "flink.classpath");
    }

    /** The plugins folder of this Flink (plugins/s3-fs-hadoop/...), as FLINK_PLUGINS_DIR. */
    static String pluginsDir() {
        return Jvm.buildResource(LocalFlinkCluster.class, "plugins.dir");
    }

    private static void pause() {
        try {
            Thread.sleep(250); // polling the REST API for a state change
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
