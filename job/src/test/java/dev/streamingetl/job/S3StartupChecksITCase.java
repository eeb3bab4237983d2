package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.Await;
import dev.streamingetl.job.testing.JobProcess;
import dev.streamingetl.job.testing.JobProcess.Run;
import dev.streamingetl.job.testing.LocalKafkaExtension;
import dev.streamingetl.job.testing.LocalS3Extension;
import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.LocalS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks the job makes of its S3 locations before it is submitted, as a user meets them: a
 * missing bucket, refused credentials and an endpoint nobody answers on each give one line naming
 * the bucket or the endpoint, and exit code 2.
 */
@ExtendWith({LocalKafkaExtension.class, LocalS3Extension.class})
class S3StartupChecksITCase {

    private static final String TOPIC = "s3_checks_events";

    @TempDir static Path dir;

    @BeforeAll
    static void topicAndBucket() throws Exception {
        LocalKafkaExtension.kafka().createTopics(Map.of(TOPIC, 1));
        LocalS3Extension.bucket("checks");
    }

    @Test
    void missingBucketIsNamed() throws Exception {
        Run run = runWith(LocalS3Extension.s3().flinkSettings(), "s3://no-such-bucket/lake");
        assertPlainError(
                run,
                "error: S3 bucket 'no-such-bucket' does not exist at "
                        + LocalS3Extension.s3().endpoint()
                        + " (--output-path)");
    }

    @Test
    void wrongCredentialsAreReportedWithTheKeysToCheck() throws Exception {
        Map<String, String> settings = new HashMap<>(LocalS3Extension.s3().flinkSettings());
        settings.put("s3.secret-key", "not-the-secret");
        Run run = runWith(settings, "s3://checks/lake");
        assertPlainError(
                run,
                "error: S3 at "
                        + LocalS3Extension.s3().endpoint()
                        + " refused the credentials for bucket 'checks' (--output-path):"
                        + " check s3.access-key and s3.secret-key");
        assertThat(run.stdout() + run.stderr()).doesNotContain("not-the-secret");
    }

    @Test
    void unreachableEndpointIsNamed() throws Exception {
        String nowhere = "http://127.0.0.1:" + Ports.freePort();
        Run run = runWith(LocalS3.flinkSettings(nowhere), "s3://checks/lake");
        assertPlainError(run, "error: cannot reach S3 at " + nowhere + " for bucket 'checks'");
    }

    @Test
    void checkpointPathIsCheckedToo() throws Exception {
        Run run =
                runWith(
                        LocalS3Extension.s3().flinkSettings(),
                        "s3://checks/lake",
                        "--checkpoint-path",
                        "s3://no-checkpoints/ck");
        assertPlainError(run, "error: S3 bucket 'no-checkpoints' does not exist at ");
    }

    @Test
    void theSecretKeyIsMaskedInTheWebUiAndTheLog() throws Exception {
        int port = Ports.freePort();
        List<String> args = new ArrayList<>(jobArgs("s3://checks/lake"));
        args.addAll(List.of("--web-ui-port", Integer.toString(port)));
        try (JobProcess.Started job =
                JobProcess.start(
                        Map.of(
                                "FLINK_CONF_DIR",
                                conf(LocalS3Extension.s3().flinkSettings()).toString()),
                        args.toArray(String[]::new))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request =
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/jobmanager/config"))
                            .build();
            String[] config = new String[1];
            Await.until(
                    "the Web UI's configuration page",
                    Duration.ofSeconds(60),
                    () -> {
                        try {
                            HttpResponse<String> response =
                                    http.send(request, HttpResponse.BodyHandlers.ofString());
                            config[0] = response.body();
                            return response.statusCode() == 200;
                        } catch (Exception notYet) {
                            return false;
                        }
                    });
            assertThat(config[0])
                    .contains("{\"key\":\"s3.secret-key\",\"value\":\"******\"}")
                    .contains(LocalS3Extension.s3().endpoint())
                    .doesNotContain(LocalS3.SECRET_KEY);
            assertThat(job.output()).doesNotContain(LocalS3.SECRET_KEY);
        }
    }

    private static void assertPlainError(Run run, String expectedStart) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        List<String> errors =
                run.stderr()
                        .lines()
                        .filter(l -> l.startsWith("error:"))
                        .collect(Collectors.toList());
        assertThat(errors).singleElement().asString().startsWith(expectedStart);
        assertThat(run.stderr()).doesNotContain("\tat ");
    }

    /** Runs the job locally with {@code settings} as its config.yaml and the S3 plugin. */
    private static Run runWith(Map<String, String> settings, String outputPath, String... extra)
            throws Exception {
        List<String> args = jobArgs(outputPath);
        for (int i = 0; i < extra.length; i += 2) {
            int existing = args.indexOf(extra[i]);
            args.set(existing + 1, extra[i + 1]);
        }
        return JobProcess.run(
                Map.of("FLINK_CONF_DIR", conf(settings).toString()), args.toArray(String[]::new));
    }

    /** A folder with {@code settings} as its config.yaml, as FLINK_CONF_DIR. */
    private static Path conf(Map<String, String> settings) throws Exception {
        Path conf = Files.createTempDirectory(dir, "conf");
        Files.writeString(
                conf.resolve("config.yaml"),
                settings.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        return conf;
    }

    private static List<String> jobArgs(String outputPath) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--local",
                                "--kafka-bootstrap",
                                LocalKafkaExtension.bootstrapServers(),
                                "--kafka-topic",
                                TOPIC,
                                "--output-path",
                                outputPath,
                                "--checkpoint-path",
                                dir.resolve("checkpoints").toString()));
        return args;
    }
}
