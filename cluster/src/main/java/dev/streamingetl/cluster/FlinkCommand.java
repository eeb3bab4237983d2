package dev.streamingetl.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/flink run|list|cancel|stop ...}: Flink's own command line, with this project's
 * configuration.
 */
public final class FlinkCommand {

    public static void main(String[] args) throws Exception {
        Path conf = Path.of(System.getProperty("flink.conf", "flink-conf"));
        LocalFlinkCluster.CommandResult result = LocalFlinkCluster.flink(conf, List.of(), args);
        System.out.print(result.output());
        System.exit(result.exitCode());
    }
}
