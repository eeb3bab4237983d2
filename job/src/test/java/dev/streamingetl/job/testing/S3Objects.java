package dev.streamingetl.job.testing;

import dev.streamingetl.tools.LocalS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a bucket through the S3 API with AWS's own SDK, a client independent of the Hadoop one
 * Flink writes with.
 */
public final class S3Objects {

    private S3Objects() {}

    private static S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(LocalS3Extension.s3().endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The keys under {@code prefix}, sorted. */
    public static List<String> keys(String bucket, String prefix) {
        try (S3Client s3 = client()) {
            return s3
                    .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Downloads every object under {@code prefix} into {@code target}, keeping the key's path. */
    public static Path download(String bucket, String prefix, Path target) throws IOException {
        try (S3Client s3 = client()) {
            for (String key : keys(bucket, prefix)) {
                Path file = target.resolve(key.substring(prefix.length()).replaceFirst("^/", ""));
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                s3.getObject(b -> b.bucket(bucket).key(key), file);
            }
        }
        return target;
    }

    /** Multipart uploads begun and neither completed nor aborted under {@code prefix}. */
    public static List<String> unfinishedUploads(String bucket, String prefix) {
        try (S3Client s3 = client()) {
            return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                    .map(u -> u.key())
                    .collect(Collectors.toList());
        }
    }
}
