package dev.streamingetl.tools;

import dev.streamingetl.launch.Jvm;
import dev.streamingetl.launch.PidFile;
import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft Kafka broker in its own JVM, on loopback, built from the jars the Maven build
 * resolved: the one way tests, the local run and the benchmark start Kafka.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final Process process;

    private LocalKafka(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a broker that keeps its data and log in {@code dir} and listens on {@code
     * 127.0.0.1:port} (its controller on {@code controllerPort}); returns once it accepts clients.
     */
    public static LocalKafka start(Path dir, int port, int controllerPort) throws IOException {
        return start(dir, port, controllerPort, List.of());
    }

    /**
     * A listener besides the plain one, e.g. for TLS or SASL: its security protocol (which also
     * names it), its port, and the broker settings it needs ({@code key=value} lines).
     */
    public record Listener(String protocol, int port, List<String> settings) {}

    /** Starts a broker as above that also listens on the {@code extra} listeners. */
    public static LocalKafka start(Path dir, int port, int controllerPort, List<Listener> extra)
            throws IOException {
        return start(dir, port, controllerPort, extra, List.of());
    }

    /**
     * Starts a broker as above with broker {@code settings} ({@code key=value} lines) besides the
     * ones every local broker has; Kafka's defaults apply to all others, retention included.
     */
    public static LocalKafka start(
            Path dir, int port, int controllerPort, List<Listener> extra, List<String> settings)
            throws IOException {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "the Kafka controller");
        for (Listener listener : extra) {
            Ports.requireFree(listener.port(), "Kafka's " + listener.protocol() + " listener");
        }
        Files.createDirectories(dir);
        Path config = writeConfig(dir, port, controllerPort, extra, settings);
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            format(dir, config);
        }
        Path log = dir.resolve("broker.log");
        Process process =
                new ProcessBuilder(javaCommand(dir, "kafka.Kafka", config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        new PidFile(dir.resolve("broker.pid")).write(process);
        LocalKafka kafka = new LocalKafka(dir, port, process);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** Starts a broker on two free ports, for tests. */
    public static LocalKafka startOnFreePorts(Path dir) throws IOException {
        return start(dir, Ports.freePort(), Ports.freePort());
    }

    /** Starts a broker on two free ports with broker {@code settings}, for tests. */
    public static LocalKafka startOnFreePorts(Path dir, List<String> settings) throws IOException {
        return start(dir, Ports.freePort(), Ports.freePort(), List.of(), settings);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Creates each topic with its partition count; a topic that already exists is kept. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        createTopics(bootstrapServers(), partitionsByTopic);
    }

    /** Creates each topic with its partition count on any broker; existing topics are kept. */
    public static void createTopics(String bootstrap, Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin(bootstrap)) {
            List<NewTopic> topics =
                    partitionsByTopic.entrySet().stream()
                            .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                            .collect(Collectors.toList());
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + result.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + bootstrap, e);
        }
    }

    @Override
    public void close() {
        new PidFile(dir.resolve("broker.pid")).stop(process);
    }

    /** Stops the broker whose pid file is in {@code dir}; returns false if none was running. */
    public static boolean stop(Path dir) throws IOException {
        return new PidFile(dir.resolve("broker.pid")).stop();
    }

    /** The broker process started from {@code dir}, if it is still alive. */
    public static Optional<ProcessHandle> runningBroker(Path dir) throws IOException {
        return new PidFile(dir.resolve("broker.pid")).running();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Kafka exited with code "
                                + process.exitValue()
                                + " during start-up; its log "
                                + dir.resolve("broker.log")
                                + " ends with:\n"
                                + Jvm.tail(dir.resolve("broker.log"), 15));
            }
            try (Admin admin = admin(bootstrapServers())) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                // The listener is not up yet: try again until the deadline.
            }
        }
        throw new IllegalStateException(
                "Kafka did not accept clients on "
                        + bootstrapServers()
                        + " within "
                        + READY_TIMEOUT.toSeconds()
                        + " s; see "
                        + dir.resolve("broker.log"));
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    private static Path writeConfig(
            Path dir, int port, int controllerPort, List<Listener> extra, List<String> broker)
            throws IOException {
        StringBuilder listeners = new StringBuilder();
        StringBuilder protocols = new StringBuilder();
        List<String> settings = new ArrayList<>(broker);
        for (Listener listener : extra) {
            listeners
                    .append(",")
                    .append(listener.protocol())
                    .append("://127.0.0.1:")
                    .append(listener.port());
            protocols
                    .append(",")
                    .append(listener.protocol())
                    .append(":")
                    .append(listener.protocol());
            settings.addAll(listener.settings());
        }
        String config =
                String.join(
                                "\n",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "listeners=PLAINTEXT://127.0.0.1:"
                                        + port
                                        + ",CONTROLLER://127.0.0.1:"
                                        + controllerPort
                                        + listeners,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + listeners,
                                "controller.listener.names=CONTROLLER",
                                "inter.broker.listener.name=PLAINTEXT",
                                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
                                        + protocols,
                                String.join("\n", settings),
                                "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
                                "num.partitions=1",
                                // One node: every internal topic has a single replica.
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "")
                        + "\n";
        Path file = dir.resolve("server.properties");
        Files.writeString(file, config);
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "appender.console.type=Console",
                        "appender.console.name=STDOUT",
                        "appender.console.layout.type=PatternLayout",
                        "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                        "rootLogger.level=WARN",
                        "rootLogger.appenderRef.stdout.ref=STDOUT",
                        "logger.server.name=kafka.server.KafkaRaftServer",
                        "logger.server.level=INFO",
                        ""));
        return file;
    }

    private static void format(Path dir, Path config) throws IOException {
        List<String> command =
                javaCommand(
                        dir,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private static List<String> javaCommand(Path dir, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.add("-Xms256m");
        command.add("-Xmx1g");
        command.add("-XX:+UseG1GC");
        command.add("-Djava.awt.headless=true");
        command.add(
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toAbsolutePath());
        command.add("-cp");
        command.add(Jvm.buildResource(LocalKafka.class, "broker.classpath"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }
}
