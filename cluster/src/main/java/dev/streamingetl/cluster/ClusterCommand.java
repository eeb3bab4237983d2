package dev.streamingetl.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/cluster start|stop|status}: a local standalone Flink cluster in the background, its
 * processes remembered in {@code <dir>/pids}; and {@code bin/flink ...}, Flink's own command line.
 */
public final class ClusterCommand {

    public static void main(String[] args) throws Exception {
        String action = args.length > 0 ? args[0] : "help";
        Path conf = Path.of(System.getProperty("flink.conf", "flink-conf"));
        Path dir = Path.of(System.getProperty("cluster.dir", "data/cluster"));
        Path pids = dir.resolve("pids");
        switch (action) {
            case "start" -> {
                if (running(pids)) {
                    System.out.println("The cluster is already running (" + pids + ")");
                    return;
                }
                int taskManagers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
                LocalFlinkCluster cluster =
                        LocalFlinkCluster.start(conf, dir.resolve("log"), taskManagers, Map.of());
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
                                + dir.resolve("log"));
            }
            case "stop" -> {
                if (!Files.exists(pids)) {
                    System.out.println("The cluster was not running");
                    return;
                }
                for (String pid : Files.readString(pids).trim().split("\\s+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
                }
                for (String pid : Files.readString(pids).trim().split("\\s+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> p.onExit().join());
                }
                Files.delete(pids);
                System.out.println("Flink stopped");
            }
            case "status" -> {
                boolean up = running(pids);
                System.out.println(up ? "The cluster runs" : "The cluster is not running");
                System.exit(up ? 0 : 1);
            }
            default -> {
                System.err.println("usage: bin/cluster start [TASKMANAGERS] | stop | status");
                System.exit(2);
            }
        }
    }

    private static boolean running(Path pids) throws java.io.IOException {
        if (!Files.exists(pids)) {
            return false;
        }
        String first = Files.readString(pids).trim().split("\\s+")[0];
        return ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
    }
}
