package dev.streamingetl.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/cluster start|stop|status}: a local standalone Flink cluster in the background, its
 * processes remembered in {@code <dir>/pids}.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Starts and stops a local standalone Flink cluster (separate JVMs).",
        subcommands = {
            ClusterCommand.Start.class,
            ClusterCommand.Stop.class,
            ClusterCommand.Status.class
        })
public final class ClusterCommand {

    @Option(
            names = "--conf",
            defaultValue = "flink-conf",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Flink's configuration folder (default: ${DEFAULT-VALUE}).")
    Path conf;

    @Option(
            names = "--dir",
            defaultValue = "data/cluster",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Where the logs and the pids go (default: ${DEFAULT-VALUE}).")
    Path dir;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ClusterCommand());
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    cli.getErr().println("error: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return 1;
                });
        System.exit(cli.execute(args));
    }

    @Command(name = "start", description = "Start a JobManager and TaskManagers in the background.")
    static final class Start implements Callable<Integer> {
        @CommandLine.ParentCommand ClusterCommand parent;

        @Parameters(
                arity = "0..1",
                defaultValue = "1",
                paramLabel = "TASKMANAGERS",
                description = "How many TaskManagers (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Override
        public Integer call() throws Exception {
            Path pids = parent.pids();
            if (running(pids)) {
                System.out.println("The cluster is already running (" + pids + ")");
                return 0;
            }
            LocalFlinkCluster cluster =
                    LocalFlinkCluster.start(
                            parent.conf, parent.dir.resolve("log"), taskManagers, Map.of());
            StringBuilder all = new StringBuilder().append(cluster.jobManagerPid());
            cluster.taskManagerPids().forEach(pid -> all.append(' ').append(pid));
            Files.writeString(pids, all.toString());
            // The JVMs outlive this launcher; `stop` finds them by their pids.
            System.out.println(
                    "Flink is up: Web UI "
                            + cluster.restUrl()
                            + ", "
                            + taskManagers
                            + " TaskManager(s), logs in "
                            + parent.dir.resolve("log"));
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the cluster's JVMs.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.ParentCommand ClusterCommand parent;

        @Override
        public Integer call() throws Exception {
            Path pids = parent.pids();
            if (!Files.exists(pids)) {
                System.out.println("The cluster was not running");
                return 0;
            }
            for (String pid : Files.readString(pids).trim().split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
            }
            for (String pid : Files.readString(pids).trim().split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> p.onExit().join());
            }
            Files.delete(pids);
            System.out.println("Flink stopped");
            return 0;
        }
    }

    @Command(name = "status", description = "Exit 0 if the cluster runs, 1 if not.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand ClusterCommand parent;

        @Override
        public Integer call() throws Exception {
            boolean up = running(parent.pids());
            System.out.println(up ? "The cluster runs" : "The cluster is not running");
            return up ? 0 : 1;
        }
    }

    private Path pids() throws IOException {
        Files.createDirectories(dir);
        return dir.resolve("pids");
    }

    private static boolean running(Path pids) throws IOException {
        if (!Files.exists(pids)) {
            return false;
        }
        String first = Files.readString(pids).trim().split("\\s+")[0];
        return ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
    }
}
