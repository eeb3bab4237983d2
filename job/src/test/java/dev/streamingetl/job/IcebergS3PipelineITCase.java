package dev.streamingetl.job;

import dev.streamingetl.job.testing.IcebergLakes;
import dev.streamingetl.job.testing.LocalS3Extension;
import dev.streamingetl.job.testing.S3Objects;
import dev.streamingetl.tools.LocalS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link IcebergPipelineITCase} with both tables and the checkpoints on a real S3-compatible server
 * (Iceberg's S3FileIO) and the tables in a JDBC catalog (SQLite): the same aggregates and raw
 * events, read back through the catalog and, for DuckDB, as the current snapshot's objects.
 */
@ExtendWith(LocalS3Extension.class)
class IcebergS3PipelineITCase extends IcebergPipelineITCase {

    private static final String BUCKET = "iceberg-pipeline";

    @Override
    String topic() {
        return "iceberg_s3_pipeline_events";
    }

    @Override
    List<String> storageFlags() {
        try {
            LocalS3Extension.bucket(BUCKET);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> flags =
                new ArrayList<>(
                        List.of(
                                "--lake-format",
                                "iceberg",
                                "--lake-flush-interval",
                                "0s",
                                "--output-path",
                                "s3://" + BUCKET + "/lake",
                                "--raw-output-path",
                                "s3://" + BUCKET + "/raw",
                                "--checkpoint-path",
                                "s3://" + BUCKET + "/checkpoints"));
        catalog().forEach((k, v) -> flags.addAll(List.of("--iceberg-catalog", k + "=" + v)));
        return flags;
    }

    private Map<String, String> catalog() {
        Map<String, String> c = new HashMap<>();
        c.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        c.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
        c.put("jdbc.schema-version", "V1");
        c.put("warehouse", "s3://" + BUCKET + "/warehouse");
        c.put("s3.endpoint", LocalS3Extension.s3().endpoint());
        c.put("s3.path-style-access", "true");
        c.put("s3.access-key-id", LocalS3.ACCESS_KEY);
        c.put("s3.secret-access-key", LocalS3.SECRET_KEY);
        c.put("client.region", "us-east-1");
        return c;
    }

    @Override
    Table table(String name) {
        Map<String, String> c = catalog();
        c.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        c.put("http-client.type", "urlconnection");
        return IcebergLakes.table(c, name);
    }

    @Override
    List<String> readableDataFiles(Table table) throws Exception {
        List<String> local = new ArrayList<>();
        Path target = dir.resolve("downloaded-" + System.nanoTime());
        for (String file : IcebergLakes.dataFiles(table)) {
            URI uri = URI.create(file);
            String key = uri.getPath().substring(1);
            // One key as the prefix: the object is downloaded to the path given.
            local.add(S3Objects.download(BUCKET, key, target.resolve(fileName(key))).toString());
        }
        return local;
    }

    @Override
    List<String> storedFiles(String root) {
        return S3Objects.keys(BUCKET, root + "/").stream()
                .map(k -> "s3://" + BUCKET + "/" + k)
                .toList();
    }
}
