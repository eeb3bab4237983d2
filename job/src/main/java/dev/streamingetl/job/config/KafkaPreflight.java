package dev.streamingetl.job.config;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks before submission that the broker answers and the input topic exists, so that a typo costs
 * one plain line instead of a job that restarts forever.
 */
public final class KafkaPreflight {

    static final int TIMEOUT_SECONDS = 15;

    private KafkaPreflight() {}

    public static void check(JobConfig config) throws ConfigException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.kafkaProperties().addTo(props);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            admin.describeTopics(List.of(config.kafkaTopic()))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException(
                        "topic '"
                                + config.kafkaTopic()
                                + "' does not exist on "
                                + config.kafkaBootstrap()
                                + " (--kafka-topic): create it first, e.g. bin/kafka topics "
                                + config.kafkaTopic()
                                + ":4");
            }
            if (e.getCause() instanceof SaslAuthenticationException) {
                throw new ConfigException(
                        "Kafka at "
                                + config.kafkaBootstrap()
                                + " refused the credentials: "
                                + e.getCause().getMessage()
                                + "; check --kafka-property sasl.jaas.config and sasl.mechanism");
            }
            if (e.getCause() instanceof SslAuthenticationException) {
                throw new ConfigException(
                        "TLS with Kafka at "
                                + config.kafkaBootstrap()
                                + " failed: "
                                + rootMessage(e.getCause())
                                + "; check --kafka-property security.protocol and ssl.truststore.location (and the keystore, if the broker asks for client certificates)");
            }
            if (e.getCause() instanceof AuthorizationException) {
                throw new ConfigException(
                        "Kafka at "
                                + config.kafkaBootstrap()
                                + " does not allow this user to "
                                + "describe topic '"
                                + config.kafkaTopic()
                                + "': "
                                + e.getCause().getMessage());
            }
            throw unreachable(config, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unreachable(config, "no answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(config, "interrupted");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ConfigException(
                    "--kafka-bootstrap '"
                            + config.kafkaBootstrap()
                            + "' is not usable: "
                            + e.getMessage());
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static ConfigException unreachable(JobConfig config, String why) {
        return new ConfigException(
                "cannot reach Kafka at "
                        + config.kafkaBootstrap()
                        + " (--kafka-bootstrap): "
                        + why);
    }
}
