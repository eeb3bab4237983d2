package dev.streamingetl.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pid file of a server JVM that outlives the command that started it (bin/kafka, bin/s3), so
 * that a later {@code stop} or {@code status} finds it.
 */
public final class PidFile {

    private final Path file;

    public PidFile(Path file) {
        this.file = file;
    }

    public void write(Process process) throws IOException {
        Files.writeString(file, Long.toString(process.pid()));
    }

    /** The process named in the file, if it is still alive. */
    public Optional<ProcessHandle> running() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** Stops the process named in the file; false if none was running. */
    public boolean stop() throws IOException {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
        Files.deleteIfExists(file);
        return true;
    }

    /** Stops {@code process}, which this JVM started, and forgets it. */
    public void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The pid file only helps `stop`; a stale one is detected there.
        }
    }
}
