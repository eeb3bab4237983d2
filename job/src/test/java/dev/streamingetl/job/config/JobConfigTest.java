package dev.streamingetl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamingetl.job.config.JobConfig.Sink;
import dev.streamingetl.job.config.JobConfig.StartingOffsets;
import dev.streamingetl.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link JobConfig} and its flags. */
class JobConfigTest {

    @Test
    void defaultsFollowTheContract() throws Exception {
        JobConfig c = JobConfig.parse();
        assertThat(c.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(c.kafkaTopic()).isEqualTo("events");
        assertThat(c.dlqTopic()).isEqualTo("events_dlq");
        assertThat(c.analyticsTopic()).isEqualTo("events_agg_rt");
        assertThat(c.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(c.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.allowedLateness()).isZero();
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxRecordBytes()).isEqualTo(1 << 20);
        assertThat(c.sinks()).containsExactlyInAnyOrder(Sink.LAKE, Sink.ANALYTICS);
        assertThat(c.deadLetters()).isTrue();
        assertThat(c.outputPath())
                .isEqualTo(Path.of("data/lake").toAbsolutePath().toUri().toString());
        assertThat(c.checkpointPath())
                .isEqualTo(Path.of("data/checkpoints").toAbsolutePath().toUri().toString());
        assertThat(c.parallelism()).isNull();
        assertThat(c.bounded()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "1m,60000", "1h,3600000", "1 min,60000"})
    void windowsAcceptTheUsualDurations(String flag, long millis) throws Exception {
        assertThat(JobConfig.parse("--window", flag).window().toMillis()).isEqualTo(millis);
    }

    @Test
    void readsEveryFlag() throws Exception {
        JobConfig c =
                JobConfig.parse(
                        "--kafka-bootstrap",
                        "k:1",
                        "--kafka-property",
                        "security.protocol=SSL",
                        "--kafka-topic",
                        "in",
                        "--group-id",
                        "g",
                        "--starting-offsets",
                        "LATEST",
                        "--dlq-topic",
                        "d",
                        "--analytics-kafka-topic",
                        "a",
                        "--transactional-id-prefix",
                        "tx",
                        "--no-dead-letters",
                        "--no-create-topics",
                        "--output-path",
                        "s3://bucket/lake",
                        "--lake-flush-interval",
                        "5m",
                        "--raw-output-path",
                        "s3://bucket/raw",
                        "--lake-format",
                        "iceberg",
                        "--iceberg-catalog",
                        "catalog-type=rest",
                        "--iceberg-catalog",
                        "uri=http://catalog:8181/",
                        "--iceberg-namespace",
                        "lake.etl",
                        "--iceberg-sink-option",
                        "target-file-size-bytes=1048576",
                        "--no-iceberg-maintenance",
                        "--sinks",
                        "analytics",
                        "--window",
                        "1m",
                        "--max-out-of-orderness",
                        "0s",
                        "--idle-timeout",
                        "1s",
                        "--allowed-lateness",
                        "2s",
                        "--max-record-bytes",
                        "10",
                        "--checkpoint-interval",
                        "1s",
                        "--checkpoint-path",
                        "s3://bucket/chk",
                        "--restore-from",
                        "latest",
                        "--parallelism",
                        "2",
                        "--max-parallelism",
                        "64",
                        "--bounded",
                        "--local",
                        "--web-ui-port",
                        "9999");
        assertThat(c)
                .isEqualTo(
                        JobConfig.builder()
                                .kafkaBootstrap("k:1")
                                .kafkaProperties(
                                        KafkaProperties.of(
                                                null, Map.of("security.protocol", "SSL")))
                                .kafkaTopic("in")
                                .groupId("g")
                                .startingOffsets(StartingOffsets.LATEST)
                                .dlqTopic("d")
                                .analyticsTopic("a")
                                .transactionalIdPrefix("tx")
                                .deadLetters(false)
                                .createTopics(false)
                                .outputPath("s3://bucket/lake")
                                .lakeFlushInterval(Duration.ofMinutes(5))
                                .rawOutputPath("s3://bucket/raw")
                                .sinks(java.util.Set.of(Sink.ANALYTICS))
                                .lakeFormat(JobConfig.LakeFormat.ICEBERG)
                                .iceberg(
                                        new IcebergSettings(
                                                "lake.etl",
                                                Map.of(
                                                        "catalog-type",
                                                        "rest",
                                                        "uri",
                                                        "http://catalog:8181/"),
                                                Map.of("target-file-size-bytes", "1048576"),
                                                false))
                                .maxOutOfOrderness(Duration.ZERO)
                                .idleTimeout(Duration.ofSeconds(1))
                                .allowedLateness(Duration.ofSeconds(2))
                                .maxRecordBytes(10)
                                .checkpointInterval(Duration.ofSeconds(1))
                                .checkpointPath("s3://bucket/chk")
                                .restoreFrom("latest")
                                .parallelism(2)
                                .maxParallelism(64)
                                .bounded(true)
                                .local(true)
                                .webUiPort(9999)
                                .pipeline(
                                        PipelineSpec.defaultSpec()
                                                .withWindow(Duration.ofMinutes(1)))
                                .build());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--nope|Unknown option: '--nope'",
                "--window 10x|--window",
                "--window|--window",
                "--window 0s|--window must be positive",
                "--lake-flush-interval -1s|--lake-flush-interval",
                "--allowed-lateness -1s|--allowed-lateness",
                "--starting-offsets newest|--starting-offsets",
                "--sinks lake,parquet|--sinks",
                "--lake-format delta|--lake-format': 'delta' is not one of parquet, iceberg",
                "--iceberg-catalog catalog-type=rest|--iceberg-catalog needs --lake-format iceberg",
                "--parallelism 0|--parallelism must be positive",
                "--parallelism 200|--parallelism must not exceed --max-parallelism",
                "--max-record-bytes abc|--max-record-bytes",
                "--kafka-topic ' '|--kafka-topic must not be empty",
                "--kafka-property bootstrap.servers=b:1|--kafka-property bootstrap.servers is set by --kafka-bootstrap",
                "--kafka-property security.protocol|--kafka-property",
                "--kafka-properties-file /nonexistent/kafka.properties|--kafka-properties-file '/nonexistent/kafka.properties' cannot be read",
            })
    void badFlagsFailWithAMessageNamingTheFlag(String args, String message) {
        String[] argv = args.replace("' '", " ").split(" (?=-)|(?<=[a-z]) (?=[^-])");
        assertThatThrownBy(() -> JobConfig.parse(argv))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void kafkaPropertiesComeFromAFileAndFlagsWinAndNeverPrintTheirValues(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\n"
                        + "sasl.mechanism=SCRAM-SHA-512\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"etl\" password=\"s3cret-from-file\";\n");
        JobConfig c =
                JobConfig.parse(
                        "--kafka-properties-file",
                        file.toString(),
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-256");
        Properties client = c.kafkaProperties().addTo(new Properties());
        assertThat(client)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("s3cret-from-file");
    }

    @Test
    void icebergCatalogPropertiesNeverPrintTheirValues() throws Exception {
        JobConfig c =
                JobConfig.parse(
                        "--lake-format",
                        "iceberg",
                        "--iceberg-catalog",
                        "s3.secret-access-key=s3cret-of-the-catalog");
        assertThat(c.iceberg().catalog())
                .containsEntry("s3.secret-access-key", "s3cret-of-the-catalog");
        assertThat(c.toString())
                .contains("s3.secret-access-key")
                .doesNotContain("s3cret-of-the-catalog");
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String usage = JobConfig.usage();
        for (String flag :
                new String[] {
                    "--kafka-bootstrap",
                    "--kafka-property",
                    "--kafka-properties-file",
                    "--lake-flush-interval",
                    "--raw-output-path",
                    "--lake-format",
                    "--iceberg-catalog",
                    "--iceberg-sink-option",
                    "--[no-]iceberg-maintenance",
                    "--iceberg-namespace",
                    "--kafka-topic",
                    "--group-id",
                    "--starting-offsets",
                    "--dlq-topic",
                    "--analytics-kafka-topic",
                    "--transactional-id-prefix",
                    "--[no-]dead-letters",
                    "--[no-]create-topics",
                    "--output-path",
                    "--sinks",
                    "--window",
                    "--max-out-of-orderness",
                    "--idle-timeout",
                    "--allowed-lateness",
                    "--max-record-bytes",
                    "--checkpoint-interval",
                    "--checkpoint-path",
                    "--restore-from",
                    "--parallelism",
                    "--max-parallelism",
                    "--bounded",
                    "--local",
                    "--web-ui-port"
                }) {
            assertThat(usage).contains(flag);
        }
        assertThat(usage).contains("default: localhost:9092").contains("default: 10s");
    }
}
