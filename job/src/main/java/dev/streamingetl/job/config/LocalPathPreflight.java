package dev.streamingetl.job.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks before a --local run that the lake, raw and checkpoint folders on this machine can be
 * written, so that a typo or a read-only disk costs one plain line instead of a job that restarts
 * forever. (On a cluster the TaskManagers write, not this machine: nothing to check here.)
 */
public final class LocalPathPreflight {

    private LocalPathPreflight() {}

    public static void check(JobConfig config) throws ConfigException {
        if (!config.local()) {
            return;
        }
        Map<String, String> paths = new LinkedHashMap<>();
        if (config.writesLake()) {
            paths.put("--output-path", config.outputPath());
        }
        if (config.rawOutputPath() != null) {
            paths.put("--raw-output-path", config.rawOutputPath());
        }
        paths.put("--checkpoint-path", config.checkpointPath());
        for (Map.Entry<String, String> path : paths.entrySet()) {
            URI uri = URI.create(path.getValue());
            if ("file".equals(uri.getScheme())) {
                requireWritable(path.getKey(), Path.of(uri));
            }
        }
    }

    private static void requireWritable(String flag, Path dir) throws ConfigException {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check-", ""));
        } catch (IOException e) {
            throw new ConfigException(flag + " '" + dir + "' is not writable: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " " + e.getMessage();
    }
}
