package dev.streamingetl.catalog;

import dev.streamingetl.launch.Jvm;
import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Iceberg's own REST catalog server ({@code RESTCatalogServer}, the one Iceberg tests REST clients
 * against) in its own JVM on loopback, its catalog in SQLite and its warehouse under {@code dir}: a
 * REST catalog for tests and local runs without a container.
 */
public final class LocalIcebergCatalog implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Process process;

    private LocalIcebergCatalog(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the server on {@code 127.0.0.1:port}; returns once it answers requests. */
    public static LocalIcebergCatalog start(Path dir, int port) throws IOException {
        Ports.requireFree(port, "the Iceberg REST catalog");
        Files.createDirectories(dir.resolve("warehouse"));
        ProcessBuilder builder =
                new ProcessBuilder(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-XX:+UseSerialGC",
                                "-cp",
                                Jvm.buildResource(LocalIcebergCatalog.class, "server.classpath"),
                                "org.apache.iceberg.rest.RESTCatalogServer"));
        // The server reads its settings from CATALOG_* variables (CATALOG_REST_PORT: rest.port).
        builder.environment().put("CATALOG_REST_PORT", Integer.toString(port));
        builder.environment()
                .put("CATALOG_URI", "jdbc:sqlite:" + dir.resolve("catalog.db").toAbsolutePath());
        builder.environment()
                .put("CATALOG_WAREHOUSE", dir.resolve("warehouse").toAbsolutePath().toString());
        Process process =
                builder.redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        dir.resolve("catalog.log").toFile()))
                        .start();
        LocalIcebergCatalog catalog = new LocalIcebergCatalog(port, process);
        try {
            catalog.awaitReady(dir.resolve("catalog.log"));
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        return catalog;
    }

    /** The catalog's URI, for a client's {@code uri} property. */
    public String uri() {
        return "http://127.0.0.1:" + port + "/";
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest config = HttpRequest.newBuilder(URI.create(uri() + "v1/config")).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Iceberg REST catalog exited at start; its log: " + log);
            }
            try {
                if (http.send(config, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Starting up.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                "the Iceberg REST catalog did not answer within "
                        + READY_TIMEOUT.toSeconds()
                        + " s; its log: "
                        + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
