package dev.streamingetl.job.config;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

/**
 * Checks before submission that every {@code s3://} location of the job is usable: the S3 file
 * system is installed, the endpoint answers, the credentials are accepted and the bucket exists.
 * Without it a typo shows up minutes later as a checkpoint failure deep in a stack trace.
 */
public final class S3Preflight {

    static final int TIMEOUT_SECONDS = 15;

    private S3Preflight() {}

    public static void check(JobConfig config, Configuration flinkConf) throws ConfigException {
        if (config.writesLake()) {
            check(config.outputPath(), "--output-path", flinkConf);
        }
        check(config.checkpointPath(), "--checkpoint-path", flinkConf);
    }

    static void check(String location, String flag, Configuration flinkConf)
            throws ConfigException {
        URI uri = new Path(location).toUri();
        if (uri.getScheme() == null || !uri.getScheme().startsWith("s3")) {
            return;
        }
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new ConfigException(
                    flag + " '" + location + "' names no bucket: use s3://BUCKET/PREFIX");
        }
        String endpoint = endpoint(flinkConf);
        FileSystem fs;
        try {
            fs = FileSystem.get(uri);
        } catch (UnsupportedFileSystemSchemeException e) {
            throw new ConfigException(
                    flag
                            + " '"
                            + location
                            + "': no file system for "
                            + uri.getScheme()
                            + ":// is installed; put flink-s3-fs-hadoop in plugins/s3-fs-hadoop/"
                            + " (the folder FLINK_PLUGINS_DIR names)");
        } catch (IOException e) {
            throw new ConfigException(flag + " '" + location + "': " + e.getMessage());
        }
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "s3-preflight");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            Future<Boolean> probe = executor.submit(() -> fs.exists(new Path(uri)));
            probe.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw unreachable(
                    endpoint,
                    bucket,
                    flag,
                    "no answer within " + TIMEOUT_SECONDS + " s; check s3.endpoint");
        } catch (ExecutionException e) {
            throw explain(e.getCause(), bucket, endpoint, flag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking " + location);
        } finally {
            executor.shutdownNow();
        }
    }

    static ConfigException explain(Throwable error, String bucket, String endpoint, String flag) {
        String all = describe(error);
        if (all.contains("NoSuchBucket")
                || all.contains("UnknownStoreException")
                || all.contains("does not exist")) {
            return new ConfigException(
                    "S3 bucket '" + bucket + "' does not exist at " + endpoint + " (" + flag + ")");
        }
        if (all.contains("InvalidAccessKeyId")
                || all.contains("SignatureDoesNotMatch")
                || all.contains("AccessDenied")
                || all.contains("403")
                || all.contains("No AWS Credentials")) {
            return new ConfigException(
                    "S3 at "
                            + endpoint
                            + " refused the credentials for bucket '"
                            + bucket
                            + "' ("
                            + flag
                            + "): check s3.access-key and s3.secret-key"
                            + " (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }
        return unreachable(endpoint, bucket, flag, firstLine(error));
    }

    private static ConfigException unreachable(
            String endpoint, String bucket, String flag, String why) {
        return new ConfigException(
                "cannot reach S3 at "
                        + endpoint
                        + " for bucket '"
                        + bucket
                        + "' ("
                        + flag
                        + "): "
                        + why);
    }

    /** Class names and messages of the whole cause chain, to recognise S3's error codes. */
    private static String describe(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstLine(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName()
                + ": "
                + (newline < 0 ? message : message.substring(0, newline));
    }

    /** The endpoint the S3 file system uses, as configured for it, for messages. */
    static String endpoint(Configuration flinkConf) {
        for (String key : new String[] {"s3.endpoint", "s3a.endpoint", "fs.s3a.endpoint"}) {
            String value = flinkConf.toMap().get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "the default AWS endpoint";
    }
}
