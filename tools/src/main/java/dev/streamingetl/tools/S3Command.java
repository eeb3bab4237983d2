package dev.streamingetl.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/s3 start|stop|status}: the command-line face of {@link LocalS3}. */
@Command(
        name = "s3",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Starts and stops the local S3-compatible server (S3Proxy).",
        subcommands = {S3Command.Start.class, S3Command.Stop.class, S3Command.Status.class})
public final class S3Command {

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new S3Command()).execute(args));
    }

    @Command(name = "start", description = "Start the server in the background.")
    static final class Start implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/s3",
                description = "Object and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(
                names = "--port",
                defaultValue = "9000",
                description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bucket", description = "Buckets to create if missing (repeatable).")
        List<String> buckets = List.of();

        @Override
        public Integer call() throws Exception {
            for (String bucket : buckets) {
                LocalS3.createBucket(dir, bucket);
            }
            if (LocalS3.running(dir).isPresent()) {
                System.out.println("S3 is already running from " + dir);
                return 0;
            }
            LocalS3 s3 = LocalS3.start(dir, port);
            // The server outlives this launcher; `stop` finds it by its pid file.
            System.out.println(
                    "S3 is up on "
                            + s3.endpoint()
                            + " (pid "
                            + s3.pid()
                            + ", buckets in "
                            + dir.resolve("blobs")
                            + ", access key "
                            + LocalS3.ACCESS_KEY
                            + ")");
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the server started from --dir.")
    static final class Stop implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/s3",
                description = "Object and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            System.out.println(LocalS3.stop(dir) ? "S3 stopped" : "S3 was not running from " + dir);
            return 0;
        }
    }

    @Command(
            name = "status",
            description = "Exit 0 if the server started from --dir runs, 1 if not.")
    static final class Status implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = "data/s3",
                description = "Object and log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            var server = LocalS3.running(dir);
            System.out.println(
                    server.map(p -> "S3 runs (pid " + p.pid() + ")").orElse("S3 is not running"));
            return server.isPresent() ? 0 : 1;
        }
    }
}
