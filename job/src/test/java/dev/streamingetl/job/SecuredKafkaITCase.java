package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamingetl.job.testing.JobProcess;
import dev.streamingetl.job.testing.JobProcess.Run;
import dev.streamingetl.job.testing.KafkaTopics;
import dev.streamingetl.job.testing.Outputs;
import dev.streamingetl.job.testing.Reference;
import dev.streamingetl.job.testing.TestCertificates;
import dev.streamingetl.launch.Ports;
import dev.streamingetl.tools.EventGenerator;
import dev.streamingetl.tools.GenerateCommand;
import dev.streamingetl.tools.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a secured broker, as users run it: a real broker with a TLS listener and a
 * SASL/SCRAM-over-TLS listener (certificates made here with keytool), the client settings passed
 * with --kafka-property and --kafka-properties-file. It reads and writes exactly once through each;
 * wrong credentials and a missing trust store give one plain line; no secret is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredKafkaITCase {

    private static final String USER = "etl";
    private static final String PASSWORD = "scram-pw-7f3a91";

    private Path dir;
    private LocalKafka kafka;
    private TestCertificates certificates;
    private int tlsPort;
    private int saslPort;
    private final List<EventGenerator.Record> records = new ArrayList<>();
    private final List<Future<RecordMetadata>> written = new ArrayList<>();

    @BeforeAll
    void startASecuredBrokerWithInput(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        certificates = TestCertificates.create(dir);
        tlsPort = Ports.freePort();
        saslPort = Ports.freePort();
        List<String> tls =
                List.of(
                        "ssl.keystore.type=PKCS12",
                        "ssl.keystore.location=" + certificates.keyStore(),
                        "ssl.keystore.password=" + certificates.password(),
                        "ssl.key.password=" + certificates.password());
        kafka =
                LocalKafka.start(
                        dir.resolve("kafka"),
                        Ports.freePort(),
                        Ports.freePort(),
                        List.of(
                                new LocalKafka.Listener("SSL", tlsPort, tls),
                                new LocalKafka.Listener(
                                        "SASL_SSL",
                                        saslPort,
                                        List.of(
                                                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                                                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                                                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;"))));
        Properties admin = new Properties();
        admin.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            USER,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_512, 4096),
                                            PASSWORD)))
                    .all()
                    .get();
        }
        kafka.createTopics(
                Map.of("secured", 2, "tls_dlq", 1, "tls_agg", 1, "sasl_dlq", 1, "sasl_agg", 1));
        EventGenerator generator = new EventGenerator(8, 500, 0.02, 0, 17);
        for (int i = 0; i < 5_000; i++) {
            records.add(generator.next(1_795_514_400_000L + i * 10L));
        }
        // The input is complete before any test starts.
        written.addAll(KafkaTopics.writeInOrder(kafka.bootstrapServers(), "secured", records));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsAndWritesExactlyOnceOverTls() throws Exception {
        Run run =
                job(
                        "tls",
                        tlsPort,
                        "--kafka-property",
                        "security.protocol=SSL",
                        "--kafka-property",
                        "ssl.truststore.type=PKCS12",
                        "--kafka-property",
                        "ssl.truststore.location=" + certificates.trustStore(),
                        "--kafka-property",
                        "ssl.truststore.password=" + certificates.password());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertExactOutputs("tls");
        assertThat(run.stdout() + run.stderr()).doesNotContain(certificates.password());
    }

    @Test
    void readsAndWritesExactlyOnceWithScramOverTlsFromAPropertiesFile() throws Exception {
        Run run = job("sasl", saslPort, "--kafka-properties-file", clientProperties(PASSWORD));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertExactOutputs("sasl");
        assertThat(run.stdout() + run.stderr())
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(PASSWORD)
                .doesNotContain(certificates.password());
    }

    @Test
    void wrongCredentialsGiveOnePlainLine() throws Exception {
        Run run = job("wrong", saslPort, "--kafka-properties-file", clientProperties("not-it"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines())
                .singleElement()
                .asString()
                .startsWith("error: Kafka at 127.0.0.1:" + saslPort + " refused the credentials")
                .contains("sasl.jaas.config");
        assertThat(run.stdout() + run.stderr()).doesNotContain("not-it");
    }

    @Test
    void aMissingTrustStoreGivesOnePlainLine() throws Exception {
        Run run = job("notrust", tlsPort, "--kafka-property", "security.protocol=SSL");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines())
                .singleElement()
                .asString()
                .startsWith("error: TLS with Kafka at 127.0.0.1:" + tlsPort + " failed")
                .contains("ssl.truststore.location");
    }

    @Test
    void theGeneratorWritesThroughScramOverTls() throws Exception {
        kafka.createTopics(Map.of("generated_secured", 1));
        int exit =
                new picocli.CommandLine(new GenerateCommand())
                        .execute(
                                "--bootstrap",
                                "127.0.0.1:" + saslPort,
                                "--topic",
                                "generated_secured",
                                "--count",
                                "200",
                                "--kafka-properties-file",
                                clientProperties(PASSWORD));
        assertThat(exit).isZero();
        assertThat(KafkaTopics.readCommitted(kafka.bootstrapServers(), "generated_secured"))
                .hasSize(200);
    }

    private Run job(String name, int port, String... security) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--local",
                                "--bounded",
                                "--web-ui-port",
                                Integer.toString(Ports.freePort()),
                                "--kafka-bootstrap",
                                "127.0.0.1:" + port,
                                "--kafka-topic",
                                "secured",
                                "--starting-offsets",
                                "earliest",
                                "--group-id",
                                name,
                                "--transactional-id-prefix",
                                name,
                                "--dlq-topic",
                                name + "_dlq",
                                "--analytics-kafka-topic",
                                name + "_agg",
                                "--output-path",
                                dir.resolve(name + "-lake").toString(),
                                "--checkpoint-path",
                                dir.resolve(name + "-checkpoints").toString(),
                                "--checkpoint-interval",
                                "1s",
                                "--parallelism",
                                "1"));
        args.addAll(List.of(security));
        return JobProcess.runLoggingInfo(args.toArray(String[]::new));
    }

    private String clientProperties(String password) throws Exception {
        Path file = Files.createTempFile(dir, "client-", ".properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\""
                                + USER
                                + "\" password=\""
                                + password
                                + "\";",
                        "ssl.truststore.type=PKCS12",
                        "ssl.truststore.location=" + certificates.trustStore(),
                        "ssl.truststore.password=" + certificates.password(),
                        ""));
        return file.toString();
    }

    private void assertExactOutputs(String name) throws Exception {
        Reference reference = Reference.of(records, written);
        Map<String, String> expected = reference.aggregatesWithout(Set.of(), 10_000);
        assertThat(Outputs.analytics(kafka.bootstrapServers(), name + "_agg")).isEqualTo(expected);
        Outputs.DeadLetters deadLetters =
                Outputs.deadLetters(kafka.bootstrapServers(), name + "_dlq");
        assertThat(new HashSet<>(deadLetters.rejected())).isEqualTo(reference.bad());
        assertThat(deadLetters.rejected()).hasSameSizeAs(reference.bad());
    }
}
