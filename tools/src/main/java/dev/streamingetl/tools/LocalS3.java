package dev.streamingetl.tools;

import dev.streamingetl.launch.Jvm;
import dev.streamingetl.launch.PidFile;
import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An S3-compatible server (S3Proxy with its filesystem backend) in its own JVM, on loopback: the
 * one way tests and the local run get an S3 endpoint. Objects live as files under {@code
 * dir/blobs/<bucket>}, so the server can be stopped and started again without losing them.
 */
public final class LocalS3 implements AutoCloseable {

    /** The credentials the local server accepts; it holds nothing worth protecting. */
    public static final String ACCESS_KEY = "local-access-key";

    public static final String SECRET_KEY = "local-secret-key";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final Process process;

    private LocalS3(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts the server on {@code 127.0.0.1:port}; returns once it answers requests. */
    public static LocalS3 start(Path dir, int port) throws IOException {
        Ports.requireFree(port, "S3");
        Files.createDirectories(dir.resolve("blobs"));
        Path config = dir.resolve("s3proxy.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + dir.resolve("blobs").toAbsolutePath(),
                        ""));
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(Jvm.buildResource(LocalS3.class, "s3proxy.classpath"));
        command.add("--properties");
        command.add(config.toAbsolutePath().toString());
        Path log = dir.resolve("s3proxy.log");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        new PidFile(dir.resolve("s3proxy.pid")).write(process);
        LocalS3 s3 = new LocalS3(dir, port, process);
        try {
            s3.awaitReady();
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    /** Starts a server on a free port, for tests. */
    public static LocalS3 startOnFreePort(Path dir) throws IOException {
        return start(dir, Ports.freePort());
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Creates a bucket (a folder of the filesystem backend); an existing one is kept. */
    public void createBucket(String bucket) throws IOException {
        createBucket(dir, bucket);
    }

    /** Creates a bucket in the server's folder, whether or not it is running. */
    public static void createBucket(Path dir, String bucket) throws IOException {
        Files.createDirectories(dir.resolve("blobs").resolve(bucket));
    }

    /**
     * The settings that point Flink's S3 file systems at this server, as {@code config.yaml} keys.
     */
    public java.util.Map<String, String> flinkSettings() {
        return flinkSettings(endpoint());
    }

    public static java.util.Map<String, String> flinkSettings(String endpoint) {
        return java.util.Map.of(
                "s3.endpoint", endpoint,
                "s3.path.style.access", "true",
                "s3.access-key", ACCESS_KEY,
                "s3.secret-key", SECRET_KEY);
    }

    @Override
    public void close() {
        new PidFile(dir.resolve("s3proxy.pid")).stop(process);
    }

    /** Stops the server whose pid file is in {@code dir}; returns false if none was running. */
    public static boolean stop(Path dir) throws IOException {
        return new PidFile(dir.resolve("s3proxy.pid")).stop();
    }

    /** The server process started from {@code dir}, if it is still alive. */
    public static Optional<ProcessHandle> running(Path dir) throws IOException {
        return new PidFile(dir.resolve("s3proxy.pid")).running();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe =
                HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "S3Proxy exited with code "
                                + process.exitValue()
                                + " during start-up; see "
                                + dir.resolve("s3proxy.log"));
            }
            try {
                // Any answer, even "access denied" to an anonymous request, means it is serving.
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting S3Proxy", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting S3Proxy", e);
            }
        }
        throw new IllegalStateException(
                "S3Proxy did not answer on "
                        + endpoint()
                        + " within "
                        + READY_TIMEOUT.toSeconds()
                        + " s; see "
                        + dir.resolve("s3proxy.log"));
    }
}
