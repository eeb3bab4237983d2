package dev.streamingetl.tools;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/kafka start|stop|status|topics}: the command-line face of {@link LocalKafka}. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Starts and stops the local single-node Kafka broker.",
        subcommands = {
            KafkaCommand.Start.class,
            KafkaCommand.Stop.class,
            KafkaCommand.Status.class,
            KafkaCommand.Topics.class
        })
public final class KafkaCommand {

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new KafkaCommand()).execute(args));
    }

    @Command(name = "start", description = "Start the broker in the background.")
    static final class Start implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/kafka",
                description = "Data and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(
                names = "--port",
                defaultValue = "9092",
                description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--controller-port",
                defaultValue = "9093",
                description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
        int controllerPort;

        @Override
        public Integer call() throws Exception {
            if (LocalKafka.runningBroker(dir).isPresent()) {
                System.out.println(
                        "Kafka is already running from " + dir + " on 127.0.0.1:" + port);
                return 0;
            }
            LocalKafka kafka = LocalKafka.start(dir, port, controllerPort);
            // The broker outlives this launcher; `stop` finds it by its pid file.
            System.out.println(
                    "Kafka is up on "
                            + kafka.bootstrapServers()
                            + " (pid "
                            + kafka.pid()
                            + ", log "
                            + dir.resolve("broker.log")
                            + ")");
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the broker started from --dir.")
    static final class Stop implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/kafka",
                description = "Data and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            System.out.println(
                    LocalKafka.stop(dir) ? "Kafka stopped" : "Kafka was not running from " + dir);
            return 0;
        }
    }

    @Command(
            name = "status",
            description = "Exit 0 if the broker started from --dir runs, 1 if not.")
    static final class Status implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/kafka",
                description = "Data and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            var broker = LocalKafka.runningBroker(dir);
            System.out.println(
                    broker.map(p -> "Kafka runs (pid " + p.pid() + ")")
                            .orElse("Kafka is not running"));
            return broker.isPresent() ? 0 : 1;
        }
    }

    @Command(
            name = "topics",
            description = "Create topics, e.g. events:4 events_dlq:1; existing ones are kept.")
    static final class Topics implements Callable<Integer> {
        @Option(
                names = "--bootstrap",
                defaultValue = "127.0.0.1:9092",
                description = "Broker (default: ${DEFAULT-VALUE}).")
        String bootstrap;

        @Parameters(arity = "1..*", paramLabel = "NAME:PARTITIONS")
        List<String> topics;

        @Override
        public Integer call() {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            for (String topic : topics) {
                String[] parts = topic.split(":", 2);
                if (parts.length != 2 || !parts[1].matches("[1-9][0-9]*")) {
                    throw new CommandLine.ParameterException(
                            new CommandLine(this),
                            "topic '" + topic + "' must be NAME:PARTITIONS, e.g. events:4");
                }
                partitions.put(parts[0], Integer.parseInt(parts[1]));
            }
            LocalKafka.createTopics(bootstrap, partitions);
            System.out.println("Topics ready: " + partitions);
            return 0;
        }
    }
}
