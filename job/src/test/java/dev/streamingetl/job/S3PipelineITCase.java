package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.LocalS3Extension;
import dev.streamingetl.job.testing.S3Objects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PipelineITCase} with the lake and the checkpoints on a real S3-compatible server: the lake
 * read back through the S3 API holds exactly the same aggregates, and the writer left no unfinished
 * multipart upload and no temporary object behind.
 */
@ExtendWith(LocalS3Extension.class)
class S3PipelineITCase extends PipelineITCase {

    private static final String BUCKET = "pipeline";

    private Path downloaded;

    @Override
    String topic() {
        return "s3_pipeline_events";
    }

    @Override
    List<String> storageFlags() throws Exception {
        LocalS3Extension.bucket(BUCKET);
        return List.of(
                "--output-path",
                "s3://" + BUCKET + "/lake",
                "--checkpoint-path",
                "s3://" + BUCKET + "/checkpoints");
    }

    @Override
    synchronized Path lake() throws Exception {
        if (downloaded == null) {
            assertThat(S3Objects.unfinishedUploads(BUCKET, "lake/"))
                    .as("multipart uploads left open")
                    .isEmpty();
            downloaded = S3Objects.download(BUCKET, "lake/", dir.resolve("lake-from-s3"));
        }
        return downloaded;
    }
}
